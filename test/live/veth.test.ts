// The live source against a real kernel: a veth pair in throw-away network
// namespaces, real ethtool, bounded UDP traffic that never leaves them. The
// live source runs inside namespace A through test/helpers/live-worker.ts
// (sysfs shows the reader's namespace). Needs root, ip and ethtool — CI has
// them; elsewhere the tests skip and say why.
import test from 'ava';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import {computeRates} from '../../source/stats/index.js';
import type {Channels, Result} from '../../source/types.js';
import {createVethPair, netnsSkipReason} from '../helpers/netns.js';
import {startLiveWorker} from '../helpers/live-worker-client.js';

const skipReason = await netnsSkipReason();
const liveTest = skipReason === undefined ? test.serial : test.serial.skip;
if (skipReason !== undefined) {
	console.warn(`test/live/veth: skipped — ${skipReason}`);
}

// UDP over IPv4 over Ethernet: 14 + 20 + 8 header bytes per datagram.
const headerBytes = 42;

function value<T>(t: {fail(message: string): void}, result: Result<T>): T {
	if (!result.ok) {
		t.fail(`${result.error.code}: ${result.error.message}`);
		throw new Error(result.error.message);
	}

	return result.value;
}

liveTest('veth in a namespace: channels, per-queue rates and totals against what was sent, rings not supported', async t => {
	const pair = await createVethPair(t, {queues: 4});
	const worker = startLiveWorker(pair, pair.nsA);
	t.teardown(() => {
		worker.stop();
	});

	const created = await worker.call<Result<{label: string}>>('create', {devices: [pair.devA]});
	t.is(value(t, created).label, `LIVE — ${pair.devA} (--live)`);
	t.deepEqual(await worker.call('devices'), [pair.devA]);

	const before = value(t, await worker.call<Result<DeviceSnapshot>>('snapshot', pair.devA, Date.now()));
	t.like(value(t, before.channels), {maxRx: 4, maxTx: 4, rx: 4, tx: 4, combined: 0});
	t.like(value(t, before.info), {driver: 'veth'});
	t.true(before.link.up);
	t.true(before.link.carrier);
	t.true(before.stats.ok);
	t.true(value(t, before.features).some(feature => feature.name === 'generic-receive-offload'));
	// veth has no ring or RSS ops: those panels say so, the rest works.
	t.false(before.rings.ok);
	t.is(before.rings.ok ? '' : before.rings.error.code, 'EOPNOTSUPP');
	t.false(before.rss.ok);
	t.is(before.rss.ok ? '' : before.rss.error.code, 'EOPNOTSUPP');
	// veth's -S per-queue counters are XDP-only: device totals stand in as queue 0.
	t.is(before.queues.length, 1);
	t.true(before.vcpus >= 1);
	t.true(before.softirqs.length >= 1);

	const count = 1500;
	const payload = 100;
	const echo = await pair.udpEcho(count, payload, {ratePerSecond: 1500});
	t.is(echo.sent, count);
	t.true(echo.echoed >= count * 0.99, `echoed ${echo.echoed}`);

	const after = value(t, await worker.call<Result<DeviceSnapshot>>('snapshot', pair.devA, Date.now()));
	const rates = computeRates(before, after);
	const seconds = (after.at - before.at) / 1000;
	t.true(seconds > 0.5, `interval ${seconds}s`);
	const q0 = rates.queues[0]!;
	const [b0, a0] = [before.queues[0]!, after.queues[0]!];

	// Totals: what the sender sent leaves A; the echoes come back in. A few
	// stray frames at most (no ARP, no IPv6 thanks to the helper).
	const txPackets = Number(a0.txPackets - b0.txPackets);
	const rxPackets = Number(a0.rxPackets - b0.rxPackets);
	t.true(txPackets >= count && txPackets <= count + 3, `tx packets ${txPackets} for ${count} sent`);
	t.true(rxPackets >= echo.echoed && rxPackets <= echo.echoed + 3, `rx packets ${rxPackets} for ${echo.echoed} echoed`);
	const txBytes = Number(a0.txBytes - b0.txBytes);
	t.true(Math.abs(txBytes - (count * (payload + headerBytes))) <= 3 * 100, `tx bytes ${txBytes}`);

	// Rates: per queue, per second of the snapshots' own clock.
	const expectedPps = count / seconds;
	t.true(Math.abs(q0.txPps - expectedPps) / expectedPps < 0.01, `tx ${q0.txPps} pps, expected ${expectedPps}`);
	t.true(Math.abs(q0.rxPps - (echo.echoed / seconds)) / expectedPps < 0.01, `rx ${q0.rxPps} pps`);
	t.true(Math.abs(q0.txBps - (count * (payload + headerBytes) / seconds)) / (expectedPps * 142) < 0.01);
	t.is(after.epoch, before.epoch);

	// Channels: veth has separate rx/tx channels and -L works as root.
	const set = await worker.call<Result<Channels>>('setChannels', pair.devA, {rx: 2, tx: 2}, Date.now());
	t.like(value(t, set), {rx: 2, tx: 2, maxRx: 4, maxTx: 4});
	const changed = value(t, await worker.call<Result<DeviceSnapshot>>('snapshot', pair.devA, Date.now()));
	t.like(value(t, changed.channels), {rx: 2, tx: 2});
	// veth keeps its device totals across a channel change: no restart.
	t.is(changed.epoch, after.epoch);
	t.true(changed.queues[0]!.txPackets >= a0.txPackets);

	// The driver's refusal comes back as data, with the kernel's reason.
	const refused = await worker.call<Result<Channels>>('setChannels', pair.devA, {combined: 2}, Date.now());
	t.false(refused.ok);
	t.is(refused.ok ? '' : refused.error.code, 'EINVAL');
	t.regex(refused.ok ? '' : refused.error.message, /exceeds maximum/);

	const rings = await worker.call<Result<unknown>>('setRings', pair.devA, {rx: 256}, Date.now());
	t.false(rings.ok);
	t.is(rings.ok ? '' : rings.error.code, 'EOPNOTSUPP');

	// Numbers are checked before any process runs.
	const bad = await worker.call<Result<Channels>>('setChannels', pair.devA, {rx: -1}, Date.now());
	t.is(bad.ok ? '' : bad.error.code, 'EINVAL');

	// Back to where it was.
	t.like(value(t, await worker.call<Result<Channels>>('setChannels', pair.devA, {rx: 4, tx: 4}, Date.now())), {rx: 4, tx: 4});
});

liveTest('veth: the device vanishing mid-run is a clear error, and the list follows', async t => {
	const pair = await createVethPair(t, {queues: 2});
	const worker = startLiveWorker(pair, pair.nsA);
	t.teardown(() => {
		worker.stop();
	});

	value(t, await worker.call<Result<{label: string}>>('create', {devices: [pair.devA]}));
	value(t, await worker.call<Result<DeviceSnapshot>>('snapshot', pair.devA, Date.now()));
	const removed = await pair.exec(pair.nsA, ['ip', 'link', 'del', pair.devA]);
	t.is(removed.exitCode, 0, removed.stderr);

	const gone = await worker.call<Result<DeviceSnapshot>>('snapshot', pair.devA, Date.now());
	t.false(gone.ok);
	t.is(gone.ok ? '' : gone.error.code, 'ENODEV');
	t.regex(gone.ok ? '' : gone.error.message, /hvta0/);
	t.deepEqual(await worker.call('devices'), []);
	const set = await worker.call<Result<Channels>>('setChannels', pair.devA, {rx: 1}, Date.now());
	t.is(set.ok ? '' : set.error.code, 'ENODEV');
});
