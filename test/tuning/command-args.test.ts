// The one argument reader of set, rollback and the guard (tuning/command-args.ts):
// the same spellings and the same machine flags everywhere, every problem a sentence.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {parseRollbackArgs} from '../../source/commands/rollback-args.js';
import {parseSetArgs} from '../../source/commands/set-args.js';
import {machineFrom, splitArgs, worldFrom} from '../../source/tuning/command-args.js';
import {parseGuardArgs} from '../../source/tuning/guard.js';
import {realMachine} from '../../source/tuning/scope.js';

const spec = {valued: ['sysfs-root', 'rx'], flags: ['yes'], short: {'-y': 'yes'}};

test('splitArgs: both spellings, flags, short forms, positionals; unknown and valueless options are sentences', t => {
	const parts = splitArgs(['a', '--rx=5', '--sysfs-root', '/s', '-y', 'b'], spec);
	t.deepEqual(typeof parts === 'string' ? parts : {positional: parts.positional, options: Object.fromEntries(parts.options)}, {positional: ['a', 'b'], options: {rx: '5', 'sysfs-root': '/s', yes: true}});
	t.is(splitArgs(['--rx'], spec), '--rx needs a value');
	t.is(splitArgs(['--sysfs-root', '--yes'], spec), '--sysfs-root needs a value');
	t.deepEqual(splitArgs(['--sysfs-root=--odd'], spec), {positional: [], options: new Map([['sysfs-root', '--odd']])});
	t.is(splitArgs(['--bogus'], spec), 'unknown option --bogus');
	t.is(splitArgs(['--yes=1'], spec), 'unknown option --yes=1');
});

test('machineFrom: none given is undefined; given ones are made absolute; empty is refused', t => {
	t.is(machineFrom(new Map()), undefined);
	t.deepEqual(machineFrom(new Map([['sysfs-root', 'rel/sys']])), {sysfsRoot: path.resolve('rel/sys'), procfsRoot: '/proc', ethtool: 'ethtool'});
	t.is(machineFrom(new Map([['ethtool', '']])), '--ethtool needs a path');
});

test('set, rollback and the guard read the machine flags alike', t => {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-args-'));
	t.teardown(() => {
		rmSync(dir, {recursive: true, force: true});
	});
	const flags = ['--sysfs-root', dir, '--procfs-root', dir, '--ethtool', `${dir}/ethtool`];
	const machine = {sysfsRoot: dir, procfsRoot: dir, ethtool: `${dir}/ethtool`};
	t.like(parseSetArgs(['channels', 'eth0', '2', ...flags]), {dev: 'eth0', machine});
	t.deepEqual(parseRollbackArgs(['eth0', ...flags]), {dev: 'eth0', model: false, machine});
	t.deepEqual(parseRollbackArgs([]), {model: false, machine: realMachine});
	t.like(parseGuardArgs(['--state-dir', dir, '--dev', 'eth0', '--id', 'abcdef', ...flags]), {dev: 'eth0', machine});
	t.like(parseGuardArgs(['--state-dir', dir, '--dev', 'eth0', '--id', 'abcdef']), {machine: realMachine});
});

test('bad machine input is a sentence for every command', t => {
	for (const parse of [parseRollbackArgs, (argv: string[]) => parseSetArgs(['channels', 'eth0', '2', ...argv])]) {
		t.is(parse(['--sysfs-root', '/nonexistent-hvtop-sysfs']), '--sysfs-root /nonexistent-hvtop-sysfs: not a directory');
	}

	t.is(typeof parseRollbackArgs(['--model', '--ethtool', '/bin/true']), 'string');
	t.is(typeof parseSetArgs(['channels', 'eth0', '2', '--model', '--sysfs-root', '/sys']), 'string');
	t.is(parseSetArgs(['channels', 'eth0', '2', '--sysfs-root=']), '--sysfs-root needs a path');
	t.is(parseGuardArgs(['--state-dir', '/x', '--dev', 'eth0', '--id', 'abcdef', 'stray']), 'bad guard argument "stray"');
	t.is(parseGuardArgs(['--state-dir', '/x', '--dev', 'eth0', '--id', 'abcdef', '--frob', '1']), 'unknown option --frob');
	t.is(parseRollbackArgs(['eth0', 'eth1']), 'at most one device');
});

test('worldFrom: one check of the world flags for set and rollback, in each one\'s verb', t => {
	const model = new Map<string, string | true>([['model', true], ['sysfs-root', '/sys']]);
	t.is(worldFrom(model, 'set'), '--model changes the model, which has no --sysfs-root, --procfs-root or --ethtool');
	t.is(worldFrom(model, 'rollback'), '--model rolls back the model, which has no --sysfs-root, --procfs-root or --ethtool');
	t.is(worldFrom(new Map([['live', true], ['model', true]]), 'set'), '--live and --model exclude each other');
	t.is(worldFrom(new Map([['procfs-root', '/nonexistent-hvtop-proc']]), 'rollback'), '--procfs-root /nonexistent-hvtop-proc: not a directory');
	t.is(worldFrom(new Map([['live', true]]), 'set'), undefined, 'this machine');
	t.is(parseSetArgs(['vf-channels', 'eth0', '2', '--model', '--ethtool', '/bin/true']), '--model changes the model, which has no --sysfs-root, --procfs-root or --ethtool');
	t.is(parseRollbackArgs(['--model', '--ethtool', '/bin/true']), '--model rolls back the model, which has no --sysfs-root, --procfs-root or --ethtool');
});
