// `hvtop export`'s arguments and its textfile run: loopback unless a host is
// written, --once only with --textfile, and DIR/hvtop.prom written whole.
import {chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import process from 'node:process';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import test from 'ava';
import {defaultListen, parseExportArgs, parseListen} from '../../source/commands/export-args.js';
import {runExportCommand} from '../../source/commands/export.js';
import {parseExposition} from './helpers.js';

test('the default is loopback; another address only when written, with its host', t => {
	t.deepEqual(parseExportArgs([]), {devices: [], listen: defaultListen, intervalMs: 15_000, once: false, rawStats: false});
	t.deepEqual(parseListen('0.0.0.0:9469'), {host: '0.0.0.0', port: 9469});
	t.deepEqual(parseListen('[::1]:1234'), {host: '::1', port: 1234});
	t.regex(parseListen(':9469') as string, /must be HOST:PORT/);
	t.regex(parseListen('localhost:70000') as string, /must be HOST:PORT/);
});

test('--textfile alone has no server; --once needs --textfile and no --listen', t => {
	t.like(parseExportArgs(['--textfile', '/tmp/x', '--once']), {textfile: '/tmp/x', once: true, listen: undefined});
	t.regex(parseExportArgs(['--once']) as string, /--once writes the textfile once/);
	t.regex(parseExportArgs(['--textfile', '/tmp/x', '--listen', '127.0.0.1:1', '--once']) as string, /--once/);
	t.regex(parseExportArgs(['--interval', '5']) as string, /--interval is how often --textfile/);
	t.regex(parseExportArgs(['--scenario', 'mana']) as string, /give --model too/);
	t.regex(parseExportArgs(['--bogus']) as string, /unknown option --bogus/);
});

test('--textfile DIR --once writes DIR/hvtop.prom whole and leaves no temporary file', async t => {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-textfile-'));
	const stderr = new PassThrough();
	let said = '';
	stderr.on('data', (chunk: Buffer) => {
		said += chunk.toString();
	});
	const code = await runExportCommand(['--model', '--scenario', 'mana', '--textfile', dir, '--once'], {stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {}});
	t.is(code, 0, said);
	t.deepEqual(readdirSync(dir), ['hvtop.prom']);
	const parsed = parseExposition(readFileSync(path.join(dir, 'hvtop.prom'), 'utf8'));
	t.is(parsed.types.get('hvtop_queue_packets_total'), 'counter');
	t.true(parsed.samples.some(s => s.name === 'hvtop_nic_info' && s.labels['vf_driver'] === 'mana'));
});

test('an unknown device is refused with what the source has', async t => {
	const stderr = new PassThrough();
	let said = '';
	stderr.on('data', (chunk: Buffer) => {
		said += chunk.toString();
	});
	const code = await runExportCommand(['--model', 'eth0', 'eth9', '--textfile', '/tmp', '--once'], {stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {}});
	t.is(code, 2);
	t.regex(said, /unknown device eth9: .* has eth0, eth1/);
});

test('without --model it never serves the model by itself (this machine has no hv_netvsc device)', async t => {
	const stderr = new PassThrough();
	let said = '';
	stderr.on('data', (chunk: Buffer) => {
		said += chunk.toString();
	});
	const empty = mkdtempSync(path.join(tmpdir(), 'hvtop-sysfs-'));
	const code = await runExportCommand(['--sysfs-root', empty, '--procfs-root', empty, '--textfile', empty, '--once'], {stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {}});
	t.is(code, 2);
	t.regex(said, /no hv_netvsc device on this machine/);
});

test('--textfile that is not a directory, or not writable: one line and nothing served or written', async t => {
	const dir = mkdtempSync(path.join(tmpdir(), 'hvtop-textfile-'));
	const run = async (args: readonly string[]): Promise<{code: number; said: string}> => {
		const stderr = new PassThrough();
		let said = '';
		stderr.on('data', (chunk: Buffer) => {
			said += chunk.toString();
		});
		const code = await runExportCommand(['--model', ...args], {stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {}});
		return {code, said};
	};

	const missing = await run(['--textfile', path.join(dir, 'nope'), '--once']);
	t.is(missing.code, 2);
	t.regex(missing.said, /^hvtop export: --textfile .*nope: no such directory \(node_exporter's --collector\.textfile\.directory/);
	writeFileSync(path.join(dir, 'file'), '');
	const file = await run(['--textfile', path.join(dir, 'file')]);
	t.is(file.code, 2);
	t.regex(file.said, /--textfile .*file: not a directory/);
	if (process.getuid?.() !== 0) {
		chmodSync(dir, 0o500);
		const denied = await run(['--textfile', dir, '--once']);
		chmodSync(dir, 0o700);
		t.is(denied.code, 7);
		t.regex(denied.said, /permission denied/);
	}

	t.deepEqual(readdirSync(dir), ['file']);
});
