// The bash completion knows every subcommand and its flags (persist, export,
// fleet as well as set and rollback), read from their usage lines: generated
// here (scripts/release/docs.ts) and run by a real bash as bash-completion
// runs it, so no build is needed.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {subcommandFlags} from '../../scripts/release/completions.js';
import {generateDocs} from '../../scripts/release/docs.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hvtop-bash-'));
const script = path.join(dir, 'hvtop.bash');
writeFileSync(script, generateDocs().bash);
test.after.always(() => {
	rmSync(dir, {recursive: true, force: true});
});

const complete = (...words: string[]): string[] =>
	execFileSync('bash', ['--norc', '--noprofile', '-c', 'source "$0"; COMP_WORDS=("${@}"); COMP_CWORD=$(($# - 1)); _hvtop; printf "%s\\n" "${COMPREPLY[@]}"', script, ...words], {encoding: 'utf8', env: {PATH: '/usr/bin:/bin'}})
		.split('\n').filter(Boolean);

test('bash: the subcommands, then each one\'s own flags', t => {
	t.deepEqual(complete('hvtop', ''), ['set', 'rollback', 'persist', 'export', 'fleet', 'report']);
	t.deepEqual(complete('hvtop', 'p'), ['persist']);
	t.deepEqual(complete('hvtop', 'report', '--i'), ['--intervals']);
	// report's FILE: a path.
	t.deepEqual(complete('hvtop', 'report', '/pro'), ['/proc']);
	t.deepEqual(complete('hvtop', 'fleet', '--'), ['--prometheus', '--once', '--json', '--interval', '--ascii', '--help']);
	t.deepEqual(complete('hvtop', 'fleet', '--prometheus', 'http://x', '--i'), ['--interval']);
	t.deepEqual(complete('hvtop', 'export', '--t'), ['--textfile']);
	t.deepEqual(complete('hvtop', 'export', '--web'), ['--web.config.file']);
	t.deepEqual(complete('hvtop', 'persist', '--dr'), ['--dry-run', '--drop-in']);
	t.deepEqual(complete('hvtop', 'persist', '--st'), ['--status']);
	// A device where one goes (persist and export take device names; fleet none).
	t.deepEqual(complete('hvtop', 'persist', 'l'), readdirSync('/sys/class/net').filter(name => name.startsWith('l')));
	t.deepEqual(complete('hvtop', 'fleet', 'l'), []);
	// A flag's value: a directory for --textfile, nothing guessed for --prometheus.
	t.deepEqual(complete('hvtop', 'fleet', '--prometheus', ''), []);
	t.deepEqual(complete('hvtop', 'export', '--textfile', '/pro'), ['/proc']);
});

test('flags that take a value are told from switches, and DEV is the command\'s, not a flag\'s', t => {
	const usage = ['hvtop export [DEV...] [--listen HOST:PORT] [--web.config.file FILE] [--once]', 'hvtop persist --remove DEV [--yes]'];
	t.deepEqual(subcommandFlags(usage, 'export'), {flags: ['--listen', '--web.config.file', '--once'], valued: ['--listen', '--web.config.file']});
	t.deepEqual(subcommandFlags(usage, 'persist'), {flags: ['--remove', '--yes'], valued: []});
});
