// The screen with a VF read through its own driver (a mana VF of 16 queues):
// the queue view's two paths and the key between them, the CPU view's VF
// queues, the VF view's queue table and errors, and the servicing notice.
import test from 'ava';
import {computeRates} from '../../source/stats/rates.js';
import {createHistory, pushRates} from '../../source/stats/index.js';
import type {DeviceReading} from '../../source/stats/reading.js';
import {dispatch, noVfQueuesStatus, type Dispatch} from '../../source/ui/dispatch.js';
import {modeOf, resolve} from '../../source/ui/keymap.js';
import {initialViewState, viewReducer, type ViewCommand, type ViewState} from '../../source/ui/view-state.js';
import {cpuRows, cpusView} from '../../source/views/cpus.js';
import {pathKey, shownQueuePath} from '../../source/views/queue-path.js';
import {queuesView} from '../../source/views/queues.js';
import {vfView} from '../../source/views/vf.js';
import {holdVfNotice, noticeHoldMs} from '../../source/views/vf-notice.js';
import type {ViewOptions} from '../../source/views/view.js';
import {fakeSnapshot, type FakeDevice} from '../helpers/fake-source.js';

const mana: FakeDevice = {name: 'eth0', rxPps: [300, 200], vf: 'enP30832s1', vfDevice: {name: 'enP30832s1', txPps: Array.from({length: 16}, () => 10), discardsPerSecond: 25}};
const plain: FakeDevice = {name: 'eth1', rxPps: [300, 200]};

function reading(device: FakeDevice, to = 3000): DeviceReading {
	const snapshot = fakeSnapshot(device, to);
	return {name: device.name, snapshot, rates: computeRates(fakeSnapshot(device, to - 1000), snapshot)};
}

const options = (columns: number, extra: Partial<ViewOptions> = {}): ViewOptions => ({units: 'bits', columns, maxLines: 24 - 10, ascii: false, ...extra});
const texts = (lines: ReadonlyArray<{text: string}>) => lines.map(l => l.text);

for (const columns of [80, 120]) {
	test(`queue view ${columns} columns: the VF path by default (it carries the traffic), its title, role and CPU per row`, t => {
		const lines = texts(queuesView.lines({reading: reading(mana), readings: []}, options(columns)));
		t.true(lines.every(l => l.length <= columns), lines.join('\n'));
		t.is(lines[0], `VF enP30832s1 (mana) queues  ·  ${pathKey}: synthetic channels`);
		t.regex(lines[1]!, /^ {2}Q {2}CPU role {2}\s+rx pps\s+rx rate\s+tx pps\s+tx rate\s+share/);
		t.regex(lines[2]!, /^ {2}0 {4}0 rx\+tx\s+1\.00k\s+12\.0 Mb\/s\s+10\s+8\.00 kb\/s\s+0\.7%/);
		// 14 lines: title, header, 10 rows, total, notes.
		t.is(lines.length, 14);
		t.regex(lines[12]!, /^all\s+136k\s+1\.63 Gb\/s\s+160\s/);
		t.regex(lines[13]!, /rows 1–10 of 16 \(↑↓ scroll\).*synthetic path: rx 500 tx 0 pps/);
		t.deepEqual(queuesView.scroll({reading: reading(mana), readings: []}, options(columns)), {items: 16, window: 10});
	});

	test(`queue view ${columns} columns: the synthetic path when picked, titled, no role column`, t => {
		const lines = texts(queuesView.lines({reading: reading(mana), readings: []}, options(columns, {queuePath: 'synthetic'})));
		t.true(lines.every(l => l.length <= columns));
		t.is(lines[0], `synthetic hv_netvsc channels  ·  ${pathKey}: VF enP30832s1 (mana) queues`);
		t.regex(lines[1]!, /^ {2}Q {2}CPU {3}rx pps/);
		t.is(lines.length, 6);
	});

	test(`vf view ${columns} columns: the split, then the VF's queues and its driver errors`, t => {
		const selected = reading(mana);
		const history = createHistory();
		pushRates(history, computeRates(fakeSnapshot(mana, 1000), fakeSnapshot(mana, 2000)));
		pushRates(history, selected.rates!);
		const lines = texts(vfView.lines({reading: selected, readings: [selected, reading(plain)], history}, options(columns, {maxLines: 30})));
		t.true(lines.every(l => l.length <= columns), lines.join('\n'));
		t.regex(lines.join('\n'), /VF enP30832s1 share of packets, last 2s [▁-█]{2} (99\.\d|100)%\n/);
		t.true(lines.includes('eth0: VF enP30832s1 (mana) queues, imbalance 1.88×'));
		t.regex(lines[3]!, /^ {9}VF carries (99\.\d|100)% of packets: idle synthetic queues are expected/);
		t.true(lines.some(l => /^ {2}0 rx\+tx {4}0 {4}1\.00k {3}12\.0 Mb\/s {7}10 {3}8\.00 kb\/s {3}0\.7%$/.test(l)), lines.join('\n'));
		t.is(lines.at(-1), 'VF errors: hc_rx_discards_no_wqe 75 +25/s');
		t.true(lines.length <= 30);
	});
}

test('vf view: within its lines, the queues it cannot show counted; no VF detail without vfDevice', t => {
	const lines = texts(vfView.lines({reading: reading(mana), readings: [reading(mana)]}, options(80, {maxLines: 14})));
	t.is(lines.length, 14);
	t.regex(lines.at(-2)!, /^\+\d+ VF queues more/);
	const only = texts(vfView.lines({reading: reading(plain), readings: [reading(plain)]}, options(80)));
	t.false(only.some(l => l.includes('VF errors')));
});

test('the path key goes through the keymap and the dispatcher: VF → synthetic → VF; none without a VF', t => {
	let state: ViewState = initialViewState('eth0');
	let status = '';
	const to = (r: DeviceReading): Dispatch => ({
		tuning: {keyState: () => ({dialogOpen: false, awaiting: false, pending: false, finished: false})} as unknown as Dispatch['tuning'],
		view(command: ViewCommand) {
			state = viewReducer(state, {command, context: {devices: ['eth0'], queues: 16, window: 10}});
		},
		exit() {},
		status(line) {
			status = line;
		},
		advice: [],
		reading: r,
		get viewState() {
			return state;
		},
	});
	const press = (r: DeviceReading) => {
		const action = resolve(modeOf(state, {dialogOpen: false, awaiting: false, pending: false, finished: false}), pathKey, {});
		t.deepEqual(action, {type: 'switchPath'});
		dispatch(action!, to(r));
	};

	t.is(shownQueuePath(state.queuePath, reading(mana).rates), 'vf');
	press(reading(mana));
	t.is(state.queuePath, 'synthetic');
	press(reading(mana));
	t.is(state.queuePath, 'vf');
	// From another view: the queue view, on the path it shows.
	state = {...state, view: 'cpus'};
	press(reading(mana));
	t.like(state, {view: 'queues', queuePath: 'vf'});
	press(reading(plain));
	t.is(status, noVfQueuesStatus);
});

test('CPU view: synthetic channels and VF queues per CPU, a CPU only the VF uses included', t => {
	const device: FakeDevice = {...mana, vfDevice: {name: 'enP1', rxPps: [100, 200, 300], cpus: [0, 0, 9]}};
	const rates = reading(device).rates!;
	const rows = cpuRows(rates);
	t.deepEqual(rows.map(r => [r.cpu, r.queues, r.vfQueues, r.vfQueuePps]), [[0, [0], [0, 1], 300], [1, [1], [], 0], [9, [], [2], 300]]);
	const lines = texts(cpusView.lines({reading: reading(device), readings: []}, options(80)));
	t.true(lines.every(l => l.length <= 80));
	t.regex(lines[0]!, /^ CPU {2}queues {2}VF q/);
	t.regex(lines[1]!, /^ {3}0 {2}0 {7}0,1 /);
	t.regex(lines.at(-1)!, /2 serve VF enP1's 3 queues/);
	// Without a vfDevice the rows and columns are as before.
	t.false('vfQueues' in cpuRows(reading(plain).rates!)[0]!);
	t.false(texts(cpusView.lines({reading: reading(plain), readings: []}, options(80)))[0]!.includes('VF q'));
});

test('servicing: removed, then re-added, said on the queue view and held on the status line for a while', t => {
	const away: FakeDevice = {name: 'eth0', rxPps: [300, 200]};
	const removed = fakeSnapshot(away, 5000);
	const goneRates = computeRates(fakeSnapshot(mana, 4000), removed);
	const goneLines = texts(queuesView.lines({reading: {name: 'eth0', snapshot: removed, rates: goneRates}, readings: []}, options(120)));
	t.regex(goneLines.at(-1)!, /VF enP30832s1 removed by the host: traffic on the synthetic path/);
	let held = holdVfNotice(undefined, 'eth0', goneRates);
	t.is(held?.text, 'VF enP30832s1 removed by the host: traffic on the synthetic path');
	held = holdVfNotice(held, 'eth0', computeRates(removed, fakeSnapshot(away, 6000)));
	t.truthy(held, 'still said a second later');
	const back = fakeSnapshot({...mana, vfDevice: {name: 'enP30832s2', instance: 2}}, 7000);
	held = holdVfNotice(held, 'eth0', computeRates(fakeSnapshot(away, 6000), back));
	t.is(held?.text, 'VF enP30832s2 re-added with the driver\'s defaults (settings made before are lost)');
	const later = fakeSnapshot({...mana, vfDevice: {name: 'enP30832s2', instance: 2}}, 7000 + noticeHoldMs);
	t.is(holdVfNotice(held, 'eth0', computeRates(back, later)), undefined, 'gone after the hold');
});

test('--once --view queues: the VF queue table after the synthetic one; none without a VF', t => {
	const text = queuesView.text!({reading: reading(mana), readings: []}, options(100, {maxLines: Number.MAX_SAFE_INTEGER}));
	const title = text.indexOf('VF enP30832s1 (mana) queues');
	t.true(title > 3, text.join('\n'));
	t.regex(text[title + 1]!, /^ {2}Q {2}CPU role/);
	t.is(text.length, title + 2 + 16 + 1);
	t.false(queuesView.text!({reading: reading(plain), readings: []}, options(100)).some(l => l.includes('VF')));
});
