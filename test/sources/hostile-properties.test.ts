// Property tests of the readers on hostile captured trees (issue 12): huge
// and aliasing indices, leading zeros, terminal controls in names, repeated
// and out-of-range CPUs, and files that are not regular files. Cheap
// properties with counted runs: 86 500 cases in a few seconds.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import {parseStats} from '../../source/ethtool/index.js';
import {maxCpus, maxQueues, splitCounters} from '../../source/sources/counters.js';
import {maxTextBytes, readCounter, readInt, readText} from '../../source/sources/live/fs-read.js';
import {parseCpuList, parseSoftirqs, parseSoftnet} from '../../source/sources/live/procfs.js';

const controls = fc.constantFrom('\u001B', '\u0007', '\u009B', '\u009D', '\u007F', '\u202E', '\u2066', '\u0000', '\r', '\t');
const hugeIndex = fc.oneof(
	fc.constantFrom('4294967296', '4294967295', '4096', '8192', '00', '007', '1e3', '0x10', '-1', '99999999999999999999999999'),
	fc.bigInt({min: 0n, max: 1n << 70n}).map(String),
	fc.integer({min: 0, max: 9000}).map(String),
);
const index = fc.oneof({weight: 3, arbitrary: fc.integer({min: 0, max: 70}).map(String)}, {weight: 2, arbitrary: hugeIndex});
const u64 = fc.oneof(fc.bigInt({min: 0n, max: (1n << 64n) - 1n}), fc.bigInt({min: 0n, max: 1000n}));

const statName = fc.oneof(
	fc.tuple(fc.constantFrom('rx', 'tx'), index, fc.constantFrom('packets', 'bytes')).map(([dir, i, what]) => `${dir}_queue_${i}_${what}`),
	fc.tuple(index, fc.constantFrom('', 'vf_'), fc.constantFrom('rx', 'tx'), fc.constantFrom('packets', 'bytes')).map(([i, vf, dir, what]) => `cpu${i}_${vf}${dir}_${what}`),
	fc.constantFrom('tx_busy', 'vf_rx_packets', 'vf_tx_dropped', 'stop_queue'),
	fc.tuple(fc.constantFrom('rx_queue_', 'cpu', 'tx_busy'), controls, fc.string({maxLength: 6})).map(parts => parts.join('')),
);

test('ethtool -S with hostile names: queues and CPUs bounded, unique, in order, never aliased; values exact', t => {
	fc.assert(fc.property(fc.array(fc.tuple(statName, u64), {maxLength: 24}), stats => {
		const text = `NIC statistics:\n${stats.map(([name, value]) => `     ${name}: ${value}\n`).join('')}`;
		const parsed = parseStats(text);
		if (!parsed.ok) {
			return stats.length === 0 || stats.every(([name]) => /[\r\n]/.test(name));
		}

		const split = splitCounters(parsed.value);
		const canonical = (i: number) => String(i);
		const lastValue = (name: string): bigint => {
			const found = parsed.value.filter(([n]) => n === name);
			return found.length === 0 ? 0n : found.at(-1)![1];
		};

		const queuesOk = split.queues.every((q, k) => Number.isSafeInteger(q.index) && q.index >= 0 && q.index < maxQueues
			&& (k === 0 || split.queues[k - 1]!.index < q.index)
			&& q.rxPackets === lastValue(`rx_queue_${canonical(q.index)}_packets`)
			&& q.txBytes === lastValue(`tx_queue_${canonical(q.index)}_bytes`));
		const cpusOk = split.cpus.every((c, k) => Number.isSafeInteger(c.cpu) && c.cpu >= 0 && c.cpu < maxCpus
			&& (k === 0 || split.cpus[k - 1]!.cpu < c.cpu)
			&& c.rxPackets === lastValue(`cpu${canonical(c.cpu)}_rx_packets`));
		// Every name that is a queue counter by the rule shows up, and no other.
		const expectedQueues = new Set(parsed.value.map(([name]) => /^(?:rx|tx)_queue_(0|[1-9]\d*)_(?:packets|bytes)$/.exec(name)?.[1])
			.filter((i): i is string => i !== undefined && BigInt(i) < BigInt(maxQueues)).map(Number));
		return queuesOk && cpusOk && split.queues.length === expectedQueues.size;
	}), {numRuns: 15_000});
	t.pass();
});

const cpuToken = fc.oneof(fc.integer({min: 0, max: 20}).map(String), hugeIndex);
const cpuList = fc.array(fc.oneof(cpuToken, fc.tuple(cpuToken, cpuToken).map(([a, b]) => `${a}-${b}`)), {minLength: 1, maxLength: 8}).map(parts => parts.join(','));

test('CPU lists: each CPU once, in order, below the bound; or undefined', t => {
	fc.assert(fc.property(cpuList, text => {
		const cpus = parseCpuList(text);
		return cpus === undefined
			|| (cpus.every((cpu, k) => Number.isSafeInteger(cpu) && cpu >= 0 && cpu < maxCpus && (k === 0 || cpus[k - 1]! < cpu)) && cpus.length <= maxCpus);
	}), {numRuns: 10_000});
	t.pass();
});

test('/proc/softirqs and softnet_stat with hostile CPU ids: every id a CPU below the bound', t => {
	const header = fc.array(fc.oneof(cpuToken.map(i => `CPU${i}`), controls, fc.constant('CPU')), {maxLength: 6}).map(cells => `   ${cells.join('   ')}`);
	const row = fc.array(fc.oneof(u64.map(String), controls, fc.constant('x')), {maxLength: 7});
	const softnetRow = fc.array(fc.oneof(fc.bigInt({min: 0n, max: (1n << 64n) - 1n}).map(v => v.toString(16)), fc.constantFrom('ffffffffffffffff', '100000000', 'zz')), {maxLength: 14});
	fc.assert(fc.property(header, row, row, fc.array(softnetRow, {maxLength: 4}), (head, rx, tx, softnet) => {
		const text = `${head}\n  NET_TX: ${tx.join(' ')}\n  NET_RX: ${rx.join(' ')}\n`;
		const ids = [...parseSoftirqs(text).keys(), ...parseSoftnet(softnet.map(cells => cells.join(' ')).join('\n')).keys()];
		return ids.every(cpu => Number.isSafeInteger(cpu) && cpu >= 0 && cpu < maxCpus);
	}), {numRuns: 60_000});
	t.pass();
});

test('sysfs/procfs files: regular files read exactly up to the bound; FIFOs, devices, directories and links to them are missing', async t => {
	const dir = mkdtempSync(join(tmpdir(), 'hvtop-hostile-files-'));
	t.teardown(() => {
		rmSync(dir, {recursive: true, force: true});
	});
	const fifo = join(dir, 'fifo');
	t.is(spawnSync('mkfifo', [fifo]).status, 0);
	symlinkSync('/dev/zero', join(dir, 'zero'));
	symlinkSync(fifo, join(dir, 'to-fifo'));
	symlinkSync(dir, join(dir, 'to-dir'));
	for (const path of [fifo, join(dir, 'zero'), join(dir, 'to-fifo'), join(dir, 'to-dir'), dir, '/dev/null', join(dir, 'missing')]) {
		// eslint-disable-next-line no-await-in-loop
		t.is(await readText(path), undefined, path);
	}

	const content = fc.oneof(
		fc.string({unit: fc.oneof(controls, fc.constantFrom('0', '7', '-', ' ', '\n', 'a', 'é')), maxLength: 40}),
		fc.bigInt({min: 0n, max: (1n << 70n)}).map(String),
		fc.integer({min: -(2 ** 40), max: 2 ** 40}).map(String),
	);
	let n = 0;
	await fc.assert(fc.asyncProperty(content, fc.integer({min: 0, max: 3}), async (text, padding) => {
		const path = join(dir, `f${n++ % 16}`);
		writeFileSync(path, `${' '.repeat(padding)}${text}\n`);
		const [read, int, counter] = await Promise.all([readText(path), readInt(path), readCounter(path)]);
		const trimmed = `${' '.repeat(padding)}${text}\n`.trim();
		return read === trimmed
			&& (int === undefined || (Number.isSafeInteger(int) && int === Number(trimmed)))
			&& (counter === undefined || (counter >= 0n && counter < (1n << 70n) && /^\d+$/.test(trimmed)));
	}), {numRuns: 1500});
	const big = join(dir, 'big');
	writeFileSync(big, Buffer.alloc(maxTextBytes, 0x37));
	t.is((await readText(big))?.length, maxTextBytes, 'exactly the bound is read');
	writeFileSync(big, Buffer.alloc(maxTextBytes + 1, 0x37));
	t.is(await readText(big), undefined, 'one byte more is too big');
});
