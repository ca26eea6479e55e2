#!/usr/bin/env node
// Entry point: parse flags, settle the environment, then load the app.
// Ink and chalk are imported only after FORCE_COLOR and NODE_ENV are set,
// because chalk decides on colour when it is first imported (and ignores
// NO_COLOR by itself), and React picks its build the same way.
import os from 'node:os';
import process from 'node:process';
import meow from 'meow';
import {parseOptions} from './source/options.js';
import {preferencesPath, readPreferences, withPreferences, type Preferences} from './source/preferences.js';
import {helpText} from './source/help-text.js';
import {visible} from './source/visible.js';
import {flagSpecs} from './source/cli-flags.js';
import {bundledPackage} from './source/package-info.js';
import {readTimeoutProblem} from './source/sources/live/read-timeout.js';

const subcommands = new Set(['set', 'rollback', 'guard', 'persist', 'persist-apply', 'export', 'fleet', 'report']);

const kebab = (name: string): string => name.replaceAll(/[A-Z]/g, c => `-${c.toLowerCase()}`);

type FlagSpec = {readonly type: 'boolean' | 'string'};

/**
 * The first problem with the flags in argv, as one sentence: a flag that is
 * not ours, a value given to a switch (`--once=yes`), or a flag that needs a
 * value and has none. meow would accept or mis-read these silently.
 */
function flagProblem(argv: readonly string[], flags: Readonly<Record<string, FlagSpec>>): string | undefined {
	const byName = new Map<string, FlagSpec>([['help', {type: 'boolean'}], ['version', {type: 'boolean'}]]);
	for (const [name, spec] of Object.entries(flags)) {
		byName.set(kebab(name), spec);
	}

	for (const [index, token] of argv.entries()) {
		if (token === '--') {
			return undefined;
		}

		if (/^-\d/.test(token) || !token.startsWith('-')) {
			continue; // A value (a negative number is one too); its flag reports the range.
		}

		const match = /^--(no-)?([^=]+)(=.*)?$/.exec(token) ?? /^-([^-].*)$/.exec(token);
		const name = match?.[2] ?? match?.[1];
		const spec = name === undefined ? undefined : byName.get(name);
		if (!spec) {
			return `unknown flag ${token.split('=')[0]!} (see hvtop --help)`;
		}

		if (spec.type === 'boolean' && match?.[3] !== undefined) {
			return `--${name!} is a switch and takes no value: write ${token.split('=')[0]!} alone`;
		}

		const next = argv[index + 1];
		if (spec.type === 'string' && match?.[3] === undefined && (next === undefined || (next.startsWith('-') && !/^-\d/.test(next)))) {
			return `--${name!} needs a value (see hvtop --help)`;
		}
	}

	return undefined;
}

function settleEnvironment(): void {
	const noColor = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';
	if (noColor || !process.stdout.isTTY) {
		process.env['FORCE_COLOR'] = '0';
	}

	process.env['NODE_ENV'] ??= 'production';
}

async function main(): Promise<number> {
	const badTimeout = readTimeoutProblem();
	if (badTimeout) {
		process.stderr.write(`hvtop: ${visible(badTimeout)}\n`);
		return 2;
	}

	const argv = recordingAliases(process.argv.slice(2).map(token => (token === '-h' ? '--help' : token)));
	const [first, ...rest] = argv;
	if (first !== undefined && subcommands.has(first)) {
		settleEnvironment();
		const {runSubcommand} = await import('./source/commands/index.js');
		return runSubcommand(first, rest);
	}

	const flags = flagSpecs;
	// meow's own report spans two lines and it lets some mistakes through; ours is one sentence.
	const problem = flagProblem(argv, flags);
	if (problem) {
		process.stderr.write(`hvtop: ${visible(problem)}\n`);
		return 2;
	}

	// description: false — the help text's first line already says what hvtop is (meow would print the package's too).
	const cli = meow(helpText, {importMeta: import.meta, ...(bundledPackage ? {pkg: bundledPackage} : {}), argv, allowUnknownFlags: true, description: false, flags});
	if (cli.input.length > 0) {
		process.stderr.write(`hvtop: unknown command '${visible(cli.input[0]!)}' (commands: set, rollback, persist, export, fleet; see hvtop --help)\n`);
		return 2;
	}

	// Preferences shape the dashboard only: --once and --json print the same for every user.
	const preferences = cli.flags.once || cli.flags.json || cli.flags.demo ? undefined : await loadPreferences();
	const options = parseOptions(preferences ? withPreferences(cli.flags, preferences.preferences) : cli.flags);
	if (!options.ok) {
		process.stderr.write(`hvtop: ${visible(options.error.message)}\n`);
		return 2;
	}

	settleEnvironment();
	const {run} = await import('./source/main.js');
	return run(options.value, {listScenarios: cli.flags.listScenarios ?? false, ...(preferences ? {preferences} : {})});
}

/** `hvtop record FILE …` and `hvtop replay FILE …` are --record FILE and --replay FILE. */
function recordingAliases(argv: readonly string[]): readonly string[] {
	const [first, file, ...rest] = argv;
	return (first === 'record' || first === 'replay') && file !== undefined && !file.startsWith('-') ? [`--${first}`, file, ...rest] : argv;
}

/** The preferences file, each problem in it said in one line on stderr (then ignored). */
async function loadPreferences(): Promise<{readonly file: string; readonly preferences: Preferences}> {
	const file = preferencesPath(process.env, os.homedir());
	const {preferences, problems} = await readPreferences(file);
	for (const problem of problems) {
		process.stderr.write(`hvtop: ${visible(file)}: ${visible(problem)}; ignored\n`);
	}

	return {file, preferences};
}

try {
	process.exitCode = await main();
} catch (error: unknown) {
	// A bug, not bad input: say so in one line; the stack only on request.
	process.stderr.write(`hvtop: internal error: ${visible(error instanceof Error ? error.message : String(error))}\n`);
	if (process.env['HVTOP_DEBUG']) {
		console.error(error);
	}

	process.exitCode = 1;
}
