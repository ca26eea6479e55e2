// --help, the README, docs/tuning.md and the parsers say the same thing: the
// same flags, the same --keep-timeout range, the minus key as `-`, counts in
// the right number, and a test command that builds once.
import {readFileSync} from 'node:fs';
import test from 'ava';
import {flagSpecs, keepTimeoutRange} from '../../source/cli-flags.js';
import {parseSetArgs} from '../../source/commands/set.js';
import {helpText} from '../../source/help-text.js';
import {parseOptions} from '../../source/options.js';
import {plural} from '../../source/plural.js';
import {keymap} from '../../source/ui/keymap.js';

const readme = readFileSync('README.md', 'utf8');
const tuningDoc = readFileSync('docs/tuning.md', 'utf8');
const kebab = (name: string): string => name.replaceAll(/[A-Z]/g, c => `-${c.toLowerCase()}`);
const flags = Object.keys(flagSpecs).map(name => `--${kebab(name)}`);
const section = (text: string, heading: string): string => text.split(heading)[1]?.split(/\n## /)[0] ?? '';
const readmeFlags = section(readme, '## Flags\n').split('\n').filter(line => line.startsWith('| `--')).join('\n');
const helpOptions = helpText.split('Options')[1]!.split('\n\n')[0]!;

test('every flag the CLI parses is in --help and in the README flags table, and nothing else is', t => {
	for (const flag of flags) {
		t.regex(helpOptions, new RegExp(`^\\s+${flag}\\b`, 'm'), `--help lists ${flag}`);
		t.true(readmeFlags.includes(`\`${flag}`), `the README lists ${flag}`);
	}

	const known = new Set([...flags, '--help', '--version']);
	for (const named of [...helpOptions.matchAll(/^\s+(--[a-z-]+)/gm)].map(m => m[1]!)) {
		t.true(known.has(named), `--help names ${named}, which the CLI knows`);
	}

	for (const named of [...readmeFlags.matchAll(/`(--[a-z-]+)/g)].map(m => m[1]!)) {
		t.true(known.has(named), `the README names ${named}, which the CLI knows`);
	}
});

test('--keep-timeout: one range in --help, the README, docs/tuning.md and both parsers', t => {
	const range = `${keepTimeoutRange.min}–${keepTimeoutRange.max}`;
	t.regex(helpOptions, new RegExp(`--keep-timeout SEC .*\\(${range}, default ${keepTimeoutRange.default}\\)`));
	t.regex(readmeFlags, new RegExp(`--keep-timeout SECONDS\` \\| .*\\(${range}, default ${keepTimeoutRange.default}\\)`));
	t.regex(section(readme, '## Changing channels and rings safely'), new RegExp(`--keep-timeout SECONDS\` \\(${range}, default ${keepTimeoutRange.default}\\)`));
	t.regex(tuningDoc, new RegExp(`--keep-timeout\`, ${range} s`));
	for (const [value, ok] of [[keepTimeoutRange.min, true], [keepTimeoutRange.max, true], [keepTimeoutRange.min - 1, false], [keepTimeoutRange.max + 1, false]] as const) {
		t.is(parseOptions({keepTimeout: String(value)}).ok, ok, `dashboard --keep-timeout ${value}`);
		t.is(typeof parseSetArgs(['channels', 'eth0', '4', '--keep-timeout', String(value)]) === 'object', ok, `set --keep-timeout ${value}`);
	}
});

test('the minus key is written as - (the key one presses), never as the − sign', t => {
	const keyTexts = Object.values(keymap).flatMap(mode => [...mode.rows, ...(mode.summary ? [mode.summary] : [])]).map(k => `${k.keys} ${k.help ?? ''} ${'hint' in k ? k.hint?.text ?? '' : ''}`);
	for (const text of [helpText, section(readme, '## Keys'), ...keyTexts]) {
		t.false(text.includes('−'), text.slice(0, 80));
	}
});

test('counts are written in the right number', t => {
	t.is(plural(1, 'CPU'), '1 CPU');
	t.is(plural(16, 'CPU'), '16 CPUs');
	t.is(plural(1, 'entry', 'entries'), '1 entry');
});

test('the test command builds once: npm test builds, scripts/test.sh does not build again', t => {
	const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as {scripts: Record<string, string>}).scripts;
	t.is(scripts['test']!.match(/npm run build/g)?.length, 1);
	const testSh = readFileSync('scripts/test.sh', 'utf8').split('\n').filter(line => !line.trim().startsWith('#'));
	t.false(testSh.some(line => /npm run build|tsc -p|scripts\/bundle/.test(line)), 'scripts/test.sh builds only through npm test');
	t.true(testSh.some(line => /npm test/.test(line)));
});
