#!/usr/bin/env node
// Entry point: parse flags, settle the environment, then load the app.
// Ink and chalk are imported only after FORCE_COLOR and NODE_ENV are set,
// because chalk decides on colour when it is first imported (and ignores
// NO_COLOR by itself), and React picks its build the same way.
import process from 'node:process';
import meow from 'meow';
import {parseOptions} from './source/options.js';
import {helpText} from './source/help-text.js';

const subcommands = new Set(['set', 'rollback', 'guard']);

const kebab = (name: string): string => name.replaceAll(/[A-Z]/g, c => `-${c.toLowerCase()}`);

/** The first flag in argv that is not one of ours, or undefined. */
function unknownFlags(argv: readonly string[], names: readonly string[]): string | undefined {
	const known = new Set(['help', 'version', ...names.map(name => kebab(name))]);
	for (const token of argv) {
		if (token === '--') {
			return undefined;
		}

		if (/^-\d/.test(token)) {
			continue; // A negative number is a value; its flag reports the range.
		}

		const match = /^--(?:no-)?([^=]+)/.exec(token) ?? /^-([^-].*)$/.exec(token);
		if (match && !known.has(match[1]!)) {
			return token.split('=')[0];
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
	const argv = process.argv.slice(2).map(token => (token === '-h' ? '--help' : token));
	const [first, ...rest] = argv;
	if (first !== undefined && subcommands.has(first)) {
		settleEnvironment();
		const {runSubcommand} = await import('./source/commands/index.js');
		return runSubcommand(first, rest);
	}

	const flags = {
		once: {type: 'boolean'},
		json: {type: 'boolean'},
		count: {type: 'string'},
		interval: {type: 'string'},
		device: {type: 'string'},
		seed: {type: 'string'},
		scenario: {type: 'string'},
		model: {type: 'boolean'},
		live: {type: 'boolean'},
		sysfsRoot: {type: 'string'},
		procfsRoot: {type: 'string'},
		ethtool: {type: 'string'},
		keepTimeout: {type: 'string'},
		ascii: {type: 'boolean'},
		listScenarios: {type: 'boolean'},
		demo: {type: 'boolean'},
		view: {type: 'string'},
		fault: {type: 'string', isMultiple: true},
	} as const;
	// meow's own report spans two lines; ours is one sentence, like every other usage error.
	const unknown = unknownFlags(argv, Object.keys(flags));
	if (unknown) {
		process.stderr.write(`hvtop: unknown flag ${unknown} (see hvtop --help)\n`);
		return 2;
	}

	const cli = meow(helpText, {importMeta: import.meta, argv, allowUnknownFlags: true, flags});
	if (cli.input.length > 0) {
		process.stderr.write(`hvtop: unknown command '${cli.input[0]!}' (commands: set, rollback; see hvtop --help)\n`);
		return 2;
	}

	const options = parseOptions(cli.flags);
	if (!options.ok) {
		process.stderr.write(`hvtop: ${options.error.message}\n`);
		return 2;
	}

	settleEnvironment();
	const {run} = await import('./source/main.js');
	return run(options.value, {listScenarios: cli.flags.listScenarios ?? false});
}

try {
	process.exitCode = await main();
} catch (error: unknown) {
	// A bug, not bad input: say so in one line; the stack only on request.
	process.stderr.write(`hvtop: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
	if (process.env['HVTOP_DEBUG']) {
		console.error(error);
	}

	process.exitCode = 1;
}
