// Per-CPU utilisation: /proc/stat parsed as untrusted input, shares from two
// readings that never go negative or absurd, the model's shares derived from
// its own packet load, and the live source reading a fake --procfs-root.
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {parseProcStat, readCpuTimes} from '../../source/sources/live/proc-stat.js';
import {createLiveSource} from '../../source/sources/live/index.js';
import {backgroundSystemPart} from '../../source/netvsc/cpu-time.js';
import {computeRates, cpuShares, type CpuShares} from '../../source/stats/index.js';
import {isSaturated, saturationBasis} from '../../source/stats/saturation.js';
import type {CpuTimes} from '../../source/types.js';
import {runScenario} from '../advice/helpers.js';
import {createSyntheticNetvsc} from '../helpers/synthetic-netvsc.js';

const times = (cpu: number, fields: Partial<Omit<CpuTimes, 'cpu'>>): CpuTimes => ({
	cpu, user: 0n, nice: 0n, system: 0n, idle: 0n, iowait: 0n, irq: 0n, softirq: 0n, steal: 0n, ...fields,
});

const sum = (shares: CpuShares): number => shares.softirq + shares.system + shares.user + shares.idle + shares.irq + shares.steal;

test('/proc/stat: the cpuN lines by CPU id, exact, the all-CPU line skipped; an offline CPU is simply absent', t => {
	const text = [
		'cpu  4705 356 584 3699 23 23 0 0 0 0',
		'cpu0 1393280 32966 572056 13343292 6130 0 17875 0 0 0',
		// CPU 1 offline: the kernel prints no line for it.
		'cpu2 18446744073709551615 0 3 4 5 6 7 8 9 10',
		'intr 114930548 113199788 3 0 5 263 0 4 [...]',
		'ctxt 1990473',
		'softirq 1035651 0 40 1 2 3 4 5 6 7 8',
	].join('\n');
	const parsed = parseProcStat(text);
	t.deepEqual(parsed.map(c => c.cpu), [0, 2]);
	t.deepEqual(parsed[0], {cpu: 0, user: 1_393_280n, nice: 32_966n, system: 572_056n, idle: 13_343_292n, iowait: 6130n, irq: 0n, softirq: 17_875n, steal: 0n});
	t.is(parsed[1]!.user, 18_446_744_073_709_551_615n, 'a u64 counter is kept exactly');
	t.is(parsed[1]!.steal, 8n);
});

test('/proc/stat: garbage, control characters, overflow, duplicates and short lines are ignored; old kernels\' missing fields are 0', t => {
	const text = [
		'cpu0 1 2 3 4 5 6 7 8',
		'cpu1 1 2 3 4 5 6 7 8\u001B[2J',
		'cpu2 1 2 -3 4',
		'cpu3 18446744073709551616 0 0 0',
		'cpu4 1 2 3',
		'cpu5 1 2 3 4 5 6 7 8',
		'cpu5 9 9 9 9 9 9 9 9',
		'cpu6\t1 2 3 4',
		'cpux 1 2 3 4',
		'cpu99999999 1 2 3 4',
		'cpu7 10 20 30 40',
		'\u0000\u0007 cpu8 1 2 3 4',
		'',
		'x'.repeat(10_000),
	].join('\n');
	const parsed = parseProcStat(text);
	t.deepEqual(parsed.map(c => c.cpu), [0, 7], 'only the well-formed lines of a CPU seen once');
	t.deepEqual(parsed[1], times(7, {user: 10n, nice: 20n, system: 30n, idle: 40n}), 'a 2.4 kernel prints four fields');
	t.deepEqual(parseProcStat(''), []);
	t.deepEqual(parseProcStat('\u0000'.repeat(100)), []);
});

test('shares: each kind over all ticks; user+nice and idle+iowait together; they sum to 1', t => {
	const before = times(0, {user: 100n, nice: 10n, system: 50n, idle: 1000n, iowait: 5n, irq: 1n, softirq: 20n, steal: 3n});
	const after = times(0, {user: 110n, nice: 20n, system: 60n, idle: 1055n, iowait: 10n, irq: 1n, softirq: 120n, steal: 13n});
	const shares = cpuShares(before, after)!;
	// 200 ticks: user 10+10, system 10, idle 55+5, softirq 100, steal 10.
	t.deepEqual(shares, {softirq: 0.5, system: 0.05, user: 0.1, idle: 0.3, irq: 0, steal: 0.05});
	t.is(sum(shares), 1);
});

test('shares: a counter gone backwards (CPU offline and back, reset, other capture) or no tick gives none, never a negative or absurd share', t => {
	const before = times(3, {user: 500n, system: 200n, idle: 10_000n, softirq: 300n});
	t.is(cpuShares(undefined, before), undefined, 'the first reading has no interval');
	t.is(cpuShares(before, before), undefined, 'no tick counted');
	t.is(cpuShares(before, times(3, {user: 510n, system: 210n, idle: 9000n, softirq: 310n})), undefined, 'idle went back (NO_HZ idle after a hotplug)');
	t.is(cpuShares(before, times(3, {user: 1n, idle: 5n})), undefined, 'everything restarted');
	const nearTop = times(3, {user: (1n << 64n) - 5n, idle: 100n});
	t.is(cpuShares(nearTop, times(3, {user: 3n, idle: 150n})), undefined, 'a u64 that wrapped reads as backwards: no share rather than 2^64 ticks');
	const forged = {...times(3, {idle: 200n}), softirq: 5} as unknown as CpuTimes;
	t.is(cpuShares(before, forged), undefined, 'a replayed recording with a number where a counter belongs: no share, no throw');
	const huge = cpuShares(times(3, {}), times(3, {softirq: (1n << 64n) - 1n, idle: 1n}))!;
	t.true(huge.softirq <= 1 && huge.idle >= 0, 'u64-sized deltas stay within 0…1');
});

test('model: each CPU\'s softirq share is its network load (per-packet costs), capped at 100 %; the background fills what is left', async t => {
	const run = await runScenario('few-channels', {seconds: 4});
	const {rates, snapshot} = run.device('eth0');
	const loads = new Map(run.source.cpuLoad().map(load => [load.cpu, load.softirq]));
	t.is(snapshot.cpuTimes?.length, 16);
	for (const cpu of rates.cpus) {
		const shares = cpu.shares!;
		t.truthy(shares, `CPU ${cpu.cpu} has shares`);
		t.true(Math.abs(sum(shares) - 1) < 1e-9);
		const network = Math.min(1, loads.get(cpu.cpu)!);
		// One 1-s step per interval: 100 ticks, each kind read as whole ticks.
		t.true(Math.abs(shares.softirq - network) <= 0.02, `CPU ${cpu.cpu}: softirq ${shares.softirq} vs load ${network}`);
		const background = Math.min(0.1, 1 - network);
		t.true(Math.abs(shares.system - (background * backgroundSystemPart)) <= 0.02, `CPU ${cpu.cpu}: system ${shares.system}`);
		t.is(shares.steal, 0);
	}

	const [q0, q1] = snapshot.channelCpu;
	for (const cpu of [q0!, q1!]) {
		const rate = rates.cpus.find(c => c.cpu === cpu)!;
		t.is(rate.shares!.softirq, 1, `CPU ${cpu} serves a channel carrying more than it can`);
		t.true(isSaturated(rate));
		t.is(saturationBasis(rate), 'measured');
	}

	t.is(rates.cpus.filter(c => isSaturated(c)).length, 2, 'the CPUs that serve no channel are not saturated');
});

test('model: spreading the load over 16 channels lowers the busiest CPU\'s softirq share', async t => {
	const run = await runScenario('few-channels', {seconds: 6, actions: [{at: 2, run(source, now) {
		void source.setChannels('eth0', {combined: 16}, now);
	}}]});
	const busiest = (index: number) => Math.max(...run.device('eth0').ticks[index]!.cpus.map(c => c.shares?.softirq ?? 0));
	t.is(busiest(1), 1);
	t.true(busiest(6) < 0.7, `after: ${busiest(6)}`);
});

test('live: /proc/stat read from --procfs-root; shares per interval; saturation measured where read, inferred where not', async t => {
	const machine = createSyntheticNetvsc({});
	t.teardown(() => {
		machine.cleanup();
	});
	const created = await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool});
	if (!created.ok) {
		t.fail(created.error.message);
		return;
	}

	const source = created.value;
	t.teardown(async () => source.close());
	const stat = (lines: readonly string[]) => {
		writeFileSync(join(machine.procfsRoot, 'stat'), ['cpu  0 0 0 0 0 0 0 0 0 0', ...lines, 'intr 0', ''].join('\n'));
	};

	const cpus = machine.state().vcpus;
	const idleCpus = (ticks: number) => Array.from({length: cpus}, (_, cpu) => `cpu${cpu} 0 0 0 ${ticks} 0 0 0 0 0 0`);
	stat(idleCpus(1000));
	t.is((await readCpuTimes(machine.procfsRoot)).length, cpus);
	const first = await source.snapshot('eth0', 1000);
	// One second later: CPU 0 spent 90 of 100 ticks in softirq, 5 in system; CPU 1 was offline and came back with less idle time.
	stat(['cpu0 2 0 5 1003 0 0 90 0 0 0', 'cpu1 0 0 0 10 0 0 0 0 0 0', ...idleCpus(1100).slice(2)]);
	const second = await source.snapshot('eth0', 2000);
	if (!first.ok || !second.ok) {
		t.fail('snapshots failed');
		return;
	}

	const rates = computeRates(first.value, second.value);
	const cpu0 = rates.cpus.find(c => c.cpu === 0)!;
	t.deepEqual(cpu0.shares, {softirq: 0.9, system: 0.05, user: 0.02, idle: 0.03, irq: 0, steal: 0});
	t.true(isSaturated(cpu0), 'softirq + system 95 % ≥ 85 %');
	t.is(rates.cpus.find(c => c.cpu === 1)!.shares, undefined, 'a counter gone backwards: no share this interval');
	t.is(rates.cpus.find(c => c.cpu === 2)!.shares?.idle, 1);

	// Without /proc/stat the same CPUs are judged by squeezes and drops, and say so.
	stat([]);
	const third = await source.snapshot('eth0', 3000);
	if (!third.ok) {
		t.fail(third.error.message);
		return;
	}

	t.is(third.value.cpuTimes, undefined);
	const unmeasured = computeRates(second.value, third.value).cpus.find(c => c.cpu === 0)!;
	t.is(unmeasured.shares, undefined);
	t.is(saturationBasis(unmeasured), 'inferred');
	t.false(isSaturated(unmeasured), 'no squeezes or drops in the synthetic tree');
});
