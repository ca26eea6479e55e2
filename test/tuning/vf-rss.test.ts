// The vf-rss kind: the VF's own RSS table and key. On the model (mana and
// mlx5 scenarios): the driver's bounds and refusals (MANA with its port down:
// EOPNOTSUPP, nothing applied), the simulated VF traffic following the table;
// through `hvtop set vf-rss` on the VF rig: kept, lost at servicing (exit 10),
// a rollback that writes the old table back on the same VF instance.
import {PassThrough} from 'node:stream';
import test from 'ava';
import {exitCodes} from '../../source/commands/exit-codes.js';
import {runRollbackCommand} from '../../source/commands/rollback.js';
import {parseSetArgs, runSetCommand, setUsage, type CommandOptions} from '../../source/commands/set.js';
import {equalTable} from '../../source/ethtool/rxfh.js';
import {createModelSource, type ModelSource} from '../../source/sources/model.js';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import {planChange, valuesOf} from '../../source/tuning/kinds/index.js';
import {planVfRss, vfRssReading} from '../../source/tuning/kinds/vf-rss.js';
import {openJournal, type GuardIdentity} from '../../source/tuning/journal.js';
import {recordOf} from '../../source/tuning/journal-codec.js';
import {currentNetns} from '../../source/tuning/scope.js';
import {createChange, step} from '../../source/tuning/states.js';
import {monotonicClock as realClock} from '../../source/clock.js';
import {formatKey} from '../../source/netvsc/toeplitz.js';
import {virtualTime} from '../helpers/virtual-timers.js';
import {vfName, vfRig, type VfRig} from '../helpers/vf-source.js';
import {tempDir} from './helpers/setup.js';

function model(scenario: string): ModelSource {
	const made = createModelSource({scenario, seed: 7});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	return made.value;
}

async function snap(source: ModelSource, now: number): Promise<DeviceSnapshot> {
	const taken = await source.snapshot('eth0', now);
	if (!taken.ok) {
		throw new Error(taken.error.message);
	}

	return taken.value;
}

test('the VF\'s table is read with the VF: mana 64 entries (the host offers none), mlx5 256 for 16 channels', async t => {
	for (const [scenario, size] of [['mana', 64], ['mlx5', 256]] as const) {
		// eslint-disable-next-line no-await-in-loop
		const reading = vfRssReading(await snap(model(scenario), 1000));
		t.is(reading.ok && reading.value.value.rss.table.length, size, scenario);
		t.is(reading.ok && reading.value.value.rss.key.split(':').length, 40);
	}
});

test('bounds: equal above the VF\'s channels, weights above its table, a key of the wrong length are usage errors; nothing runs', async t => {
	const source = model('mana');
	const now = await snap(source, 1000);
	const channels = now.vfDevice!.channels.ok ? now.vfDevice!.channels.value.combined : 0;
	const high = planChange('vf-rss', 'eth0', now, {spread: 'equal', equal: String(channels + 1)});
	t.is(high.ok ? undefined : high.problem.kind, 'usage');
	t.regex(high.ok ? '' : high.problem.message, new RegExp(`below ${vfName} \\(the VF of eth0\\)'s ${channels} RX rings`));
	const heavy = planChange('vf-rss', 'eth0', now, {spread: 'weight', weight: '60 10'});
	t.regex(heavy.ok ? '' : heavy.problem.message, /Total weight exceeds the size of the indirection table \(70 > 64 entries\)/);
	const short = planChange('vf-rss', 'eth0', now, {key: '01:02'});
	t.regex(short.ok ? '' : short.problem.message, /is 40 bytes; hkey has 2/);
	const fine = planChange('vf-rss', 'eth0', now, {spread: 'equal', equal: '2'});
	t.true(fine.ok);
	t.like(fine.ok ? fine.plan : {}, {kind: 'vf-rss', vf: {name: vfName, instance: 1}, after: {table: equalTable(64, 2)}});
	t.true(fine.ok && fine.plan.effects.some(effect => effect.includes('mana also picks each flow\'s transmit queue')));
	t.true(fine.ok && fine.plan.warnings.some(warning => warning.includes('hvtop set vf-rss eth0 default')));
});

test('MANA with its port down: the plan refuses with the driver\'s EOPNOTSUPP; the model\'s VF refuses -X too; mlx5 has no such rule', async t => {
	const source = model('mana');
	source.machine.vfByName(vfName)!.vf.setPort({portUp: false});
	const down = await snap(source, 1000);
	t.false(down.vfDevice!.up);
	const plan = planChange('vf-rss', 'eth0', down, {spread: 'equal', equal: '2'});
	t.is(plan.ok ? undefined : plan.problem.kind, 'refused');
	t.is(plan.ok ? undefined : plan.problem.error?.code, 'EOPNOTSUPP');
	t.regex(plan.ok ? '' : plan.problem.message, /is down: mana refuses ethtool -X while the port is down/);
	const direct = await source.setRss!(vfName, {equal: 2}, 1000);
	t.is(direct.ok ? undefined : direct.error.code, 'EOPNOTSUPP');
	const after = await snap(source, 1000);
	t.deepEqual(after.vfDevice!.rss!.ok && after.vfDevice!.rss!.value.table, down.vfDevice!.rss!.ok && down.vfDevice!.rss!.value.table);

	const mlx5 = model('mlx5');
	mlx5.machine.vfByName(vfName)!.vf.setPort({portUp: false});
	t.true(planChange('vf-rss', 'eth0', await snap(mlx5, 1000), {spread: 'equal', equal: '2'}).ok);
});

test('a table size the driver never reports is refused (not the driver hvtop knows)', async t => {
	const now = await snap(model('mana'), 1000);
	const reading = vfRssReading(now);
	t.true(reading.ok);
	if (!reading.ok) {
		return;
	}

	const odd = {...reading.value, value: {...reading.value.value, rss: {...reading.value.value.rss, table: equalTable(1024, 4)}}};
	const plan = planVfRss('eth0', {ok: true, value: odd}, {spread: 'default'});
	t.regex(plan.ok ? '' : plan.problem.message, /reports a 1024-entry table; mana has 1–512/);
});

test('the simulated VF traffic follows the VF\'s table: equal 2 leaves the other VF queues without receive traffic', async t => {
	const source = model('mana');
	await snap(source, 1000);
	t.true((await source.setRss!(vfName, {equal: 2}, 1000)).ok);
	const a = await snap(source, 2000);
	const b = await snap(source, 5000);
	const rx = (s: DeviceSnapshot) => s.vfDevice!.queues.map(q => q.rxPackets);
	const moved = rx(b).map((value, q) => value - rx(a)[q]!);
	t.true(moved[0]! > 0n && moved[1]! > 0n);
	t.true(moved.slice(2).every(value => value === 0n), moved.join(' '));
	const values = valuesOf('vf-rss', b, {name: vfName, instance: 1});
	t.deepEqual(values.ok && values.value.table, equalTable(64, 2));
});

test('set arguments: vf-rss takes the rss syntax and --hkey', t => {
	t.like(parseSetArgs(['vf-rss', 'eth0', 'equal', '4']), {kind: 'vf-rss', dev: 'eth0', input: {spread: 'equal', equal: '4'}});
	t.like(parseSetArgs(['vf-rss', 'eth0', 'default', '--hkey', 'aa:bb']), {kind: 'vf-rss', input: {spread: 'default', key: 'aa:bb'}});
	t.like(parseSetArgs(['vf-rss', 'eth0', 'weight', '1', '2']), {kind: 'vf-rss', input: {spread: 'weight', weight: '1 2'}});
	t.is(parseSetArgs(['vf-rss', 'eth0']), 'give equal N, weight W0 W1 …, default and/or hkey K: hvtop set vf-rss DEV equal 4');
	t.regex(setUsage, /hvtop set vf-rss DEV \[equal N \| weight W0 W1 … \| default] \[--hkey K]/);
});

function streams() {
	const made = {stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough()};
	let out = '';
	let err = '';
	made.stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	made.stderr.on('data', (chunk: Buffer) => {
		err += chunk.toString();
	});
	return {...made, out: () => out, err: () => err};
}

const optionsFor = (vf: VfRig, dir: string): CommandOptions => {
	const time = virtualTime();
	return {
		createSource: async () => ({ok: true, value: vf.source}),
		controller: {stateDir: dir, verifyDelaysMs: [10], revertDelaysMs: [10], kmsg: false, clock: time.clock, timers: time.timers},
		handleSignals: false,
		// Measuring before and after waits on virtual time: tests that want it say --measure.
		defaultMeasureMs: 0,
	};
};

async function set(vf: VfRig, dir: string, argv: string[], answer?: (io: ReturnType<typeof streams>) => void) {
	const io = streams();
	const running = runSetCommand(argv, {...io, env: {}}, optionsFor(vf, dir));
	const poll = setInterval(() => {
		if (answer && io.out().includes('keep? [y/N]')) {
			clearInterval(poll);
			answer(io);
		}
	}, 10);
	const code = await running.finally(() => clearInterval(poll));
	return {code, out: io.out(), err: io.err()};
}

test('set vf-rss --yes: applied to the VF by its name, read back, kept (exit 0); eth0\'s own table untouched', async t => {
	const vf = vfRig();
	const result = await set(vf, await tempDir(t), ['vf-rss', 'eth0', 'equal', '4', '--yes']);
	t.is(result.code, exitCodes.ok, result.out + result.err);
	t.regex(result.out, new RegExp(`VF RSS table of ${vfName} \\(the VF of eth0\\): kept table equal over 4 queues`));
	t.deepEqual(vf.sets.map(s => [s.name, s.op]), [[vfName, 'rss']]);
	t.deepEqual(vf.vf.settings.table, equalTable(64, 4));
	t.true(vf.vf.settings.tableConfigured);
});

test('set vf-rss: the VF is serviced while it asks keep: lost (exit 10), the new VF keeps the driver\'s table', async t => {
	const vf = vfRig();
	const result = await set(vf, await tempDir(t), ['vf-rss', 'eth0', 'equal', '2'], io => {
		vf.service();
		io.stdin.write('y\n');
	});
	t.is(result.code, exitCodes.lost, result.out + result.err);
	t.regex(result.out, /LOST, neither kept nor reverted/);
	t.deepEqual(vf.vf.settings.table, vf.vf.defaults.table);
	t.deepEqual(vf.sets.map(s => s.instance), [1]);
});

test('set vf-rss, answered no: reverted on the same VF to the driver\'s own table (exit 4); rollback then has nothing to do', async t => {
	const vf = vfRig();
	const dir = await tempDir(t);
	const result = await set(vf, dir, ['vf-rss', 'eth0', 'weight', '3', '1'], io => {
		io.stdin.write('n\n');
	});
	t.is(result.code, exitCodes.reverted, result.out + result.err);
	t.deepEqual(vf.vf.settings.table, vf.vf.defaults.table);
	t.deepEqual(vf.sets.map(s => s.op), ['rss', 'rss']);
	const io = streams();
	const code = await runRollbackCommand(['eth0', '--model'], {...io, env: {}}, optionsFor(vf, dir));
	t.is(code, exitCodes.ok, io.out() + io.err());
});

const deadGuard: GuardIdentity = {pid: process.pid, starttime: 1, mode: 'in-process'};

/** A vf-rss change journaled as waiting for keep by an hvtop that died (its guard gone). */
async function journalWaiting(dir: string, vf: VfRig): Promise<void> {
	const before = {table: [...vf.vf.defaults.table], key: formatKey(vf.vf.defaults.key), rssQueues: 16};
	const after = {...before, table: equalTable(64, 4)};
	const journal = openJournal(dir, {netns: currentNetns()});
	let change = createChange({id: 'vfrss', dev: 'eth0', kind: 'vf-rss', vf: {name: vfName, instance: 1}, before, after, max: {}, keepTimeoutMs: 30_000}, realClock.now());
	for (const event of [{type: 'journaled'}, {type: 'armed'}, {type: 'apply'}, {type: 'applied'}, {type: 'readback', values: after}] as const) {
		change = step(change, event, realClock.now());
		// eslint-disable-next-line no-await-in-loop
		await journal.append(recordOf(change, {guard: deadGuard}, 'model', realClock, {equal: 4}));
	}
}

test('recovery of a vf-rss change whose hvtop died: rollback writes the old table back on its VF (exit 0); after servicing: lost (exit 10)', async t => {
	for (const serviced of [false, true]) {
		// eslint-disable-next-line no-await-in-loop
		const dir = await tempDir(t);
		const vf = vfRig();
		t.true(vf.vf.setRxfh({equal: 4}).ok);
		// eslint-disable-next-line no-await-in-loop
		await journalWaiting(dir, vf);
		if (serviced) {
			vf.service();
		}

		const io = streams();
		// eslint-disable-next-line no-await-in-loop
		const code = await runRollbackCommand(['eth0', '--model'], {...io, env: {}}, optionsFor(vf, dir));
		t.is(code, serviced ? exitCodes.lost : exitCodes.ok, io.out() + io.err());
		t.deepEqual(vf.vf.settings.table, vf.vf.defaults.table, serviced ? 'the new VF has the driver\'s table' : 'restored');
		t.deepEqual(vf.sets.map(s => s.op), serviced ? [] : ['rss']);
	}
});
