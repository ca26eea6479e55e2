// Captured trees are untrusted (issue 12, item 9): a FIFO must not freeze
// hvtop, /dev/zero or a huge file must not eat memory, huge indices must not
// allocate or alias, CPU lists are deduplicated. Reads of non-regular files
// run in a child with a timeout, so a regression fails instead of hanging.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import {splitCounters} from '../../source/sources/counters.js';
import {parseCpuList, parseSoftirqs, parseSoftnet} from '../../source/sources/live/procfs.js';
import type {Stat} from '../../source/types.js';
import {createSyntheticNetvsc} from '../helpers/synthetic-netvsc.js';

const fsRead = new URL('../../source/sources/live/fs-read.ts', import.meta.url).pathname;
// The built CLI (npm test builds it first).
const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

function scratch(t: {teardown(fn: () => void): void}): string {
	const dir = mkdtempSync(join(tmpdir(), 'hvtop-hostile-'));
	t.teardown(() => {
		rmSync(dir, {recursive: true, force: true});
	});
	return dir;
}

/** readText(path) in a child process: what it returned, or 'timeout'. */
function readInChild(path: string): string {
	const code = `const {readText} = await import(${JSON.stringify(fsRead)}); const v = await readText(${JSON.stringify(path)}); console.log(JSON.stringify(v === undefined ? 'undefined' : v.length));`;
	const run = spawnSync(process.execPath, ['--import=tsx', '--max-old-space-size=256', '--input-type=module', '-e', code], {encoding: 'utf8', timeout: 15_000});
	return run.error ? 'timeout' : (run.status === 0 ? JSON.parse(run.stdout.trim()) as string : `exit ${String(run.status)}: ${run.stderr.slice(-300)}`);
}

test('a FIFO, a character device and an oversized file read as missing, at once', t => {
	const dir = scratch(t);
	const fifo = join(dir, 'operstate');
	t.is(spawnSync('mkfifo', [fifo]).status, 0);
	symlinkSync('/dev/zero', join(dir, 'speed'));
	writeFileSync(join(dir, 'big'), Buffer.alloc(5 * 1024 * 1024, 0x31));
	writeFileSync(join(dir, 'ok'), 'up\n');
	t.is(readInChild(fifo), 'undefined');
	t.is(readInChild(join(dir, 'speed')), 'undefined');
	t.is(readInChild(join(dir, 'big')), 'undefined');
	t.is(readInChild(join(dir, 'ok')) as unknown, 2);
});

test('a synthetic tree with a FIFO and /dev/zero in it: --json still prints, and SIGTERM ends it', async t => {
	const machine = createSyntheticNetvsc();
	t.teardown(() => {
		machine.cleanup();
	});
	const eth0 = join(machine.sysfsRoot, 'class', 'net', 'eth0');
	rmSync(join(eth0, 'operstate'));
	t.is(spawnSync('mkfifo', [join(eth0, 'operstate')]).status, 0);
	rmSync(join(machine.procfsRoot, 'softirqs'));
	t.is(spawnSync('mkfifo', [join(machine.procfsRoot, 'softirqs')]).status, 0);
	rmSync(join(eth0, 'statistics', 'rx_bytes'));
	symlinkSync('/dev/zero', join(eth0, 'statistics', 'rx_bytes'));

	const child = spawn(process.execPath, ['--max-old-space-size=256', cli, '--json', '--count', '100', '--interval', '0.2',
		'--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', machine.ethtool], {stdio: ['ignore', 'pipe', 'pipe']});
	const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
	t.teardown(() => {
		clearTimeout(killer);
		child.kill('SIGKILL');
	});
	let out = '';
	const exited = new Promise<NodeJS.Signals | number | null>(resolve => {
		child.on('close', (code, signal) => {
			resolve(signal ?? code);
		});
	});
	await new Promise<void>(resolve => {
		child.stdout.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			if (out.includes('\n')) {
				resolve();
			}
		});
		child.on('close', () => {
			resolve();
		});
	});
	const first = JSON.parse(out.split('\n')[0]!) as {device: string; queues: unknown[]};
	t.is(first.device, 'eth0');
	t.is(first.queues.length, 8);
	const sent = Date.now();
	child.kill('SIGTERM');
	const end = await exited;
	clearTimeout(killer);
	t.not(end, 'SIGKILL', 'it had to be killed');
	t.true(Date.now() - sent < 5000, 'SIGTERM took effect at once');
});

const stat = (name: string, value: bigint | number = 1): Stat => [name, BigInt(value)];

test('ethtool -S: a huge queue or CPU index is ignored and never aliases a real one', t => {
	const split = splitCounters([
		stat('rx_queue_0_packets', 7),
		stat('rx_queue_4294967296_packets', 999),
		stat('rx_queue_99999999999999999999_packets', 999),
		stat('tx_queue_4096_packets', 999),
		stat('tx_queue_00_packets', 999),
		stat('tx_queue_4095_packets', 3),
		stat('cpu0_rx_packets', 5),
		stat('cpu4294967296_rx_packets', 999),
		stat('cpu8192_rx_packets', 999),
		stat('cpu8191_rx_packets', 4),
	]);
	t.deepEqual(split.queues.map(q => [q.index, q.rxPackets, q.txPackets]), [[0, 7n, 0n], [4095, 0n, 3n]]);
	t.deepEqual(split.cpus.map(c => [c.cpu, c.rxPackets]), [[0, 5n], [8191, 4n]]);
});

test('CPU lists are deduplicated and bounded; softirq and softnet CPU ids too', t => {
	t.deepEqual(parseCpuList('0-3,2,1-2,3'), [0, 1, 2, 3]);
	t.is(parseCpuList('0-8191,'.repeat(200).slice(0, -1))?.length, 8192);
	t.is(parseCpuList('8192'), undefined);
	t.deepEqual([...parseSoftirqs('   CPU0  CPU9999999  CPU8192\n NET_RX:  1  2  3\n').keys()], [0]);
	const row = (cpu: string) => ['0', '1', '2', ...Array.from({length: 9}, () => '0'), cpu].join(' ');
	t.deepEqual([...parseSoftnet([row('0'), row('100000000'), row('ffffffffffffffff')].join('\n')).keys()], [0]);
});
