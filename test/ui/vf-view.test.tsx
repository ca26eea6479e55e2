import test from 'ava';
import {render} from 'ink-testing-library';
import {vfSplit} from '../../source/views/vf.js';
import VfView from '../../source/ui/vf-view.js';
import {runScenario, scenarioRun} from '../advice/helpers.js';
import {frameLines, sizes, viewLines} from './view-budget.js';

for (const {columns, rows} of sizes) {
	test(`vf view ${columns}×${rows}: synthetic against VF for every device`, async t => {
		const run = await scenarioRun('balanced');
		const maxLines = viewLines(rows);
		const ui = render(<VfView readings={run.readings()} selected='eth1' units='bits' columns={columns} maxLines={maxLines}/>);
		const frame = ui.lastFrame()!;
		const lines = frameLines(frame);
		t.true(lines.length <= maxLines);
		t.true(lines.every(l => l.length <= columns));
		t.regex(lines[0]!, /^device {3}path\s+rx pps\s+rx rate\s+tx pps\s+tx rate\s+share$/);
		t.regex(frame, /\neth0 {5}synthetic 8 q\s+1\d\dk\s+[\d.]+ [MG]b\/s\s+1\d\dk\s+[\d.]+ [MG]b\/s\s+100%/);
		t.regex(frame, /no VF: Accelerated Networking off/);
		t.regex(frame, /\neth1 {5}synthetic 8 q\s+\d{2,3}\s/);
		t.regex(frame, /\n {9}VF enP30832s1\s+\d{3}k\s+[\d.]+ Gb\/s\s+\d{3}k/);
		t.regex(frame, /VF carries \d+(\.\d)?% of packets: idle synthetic queues are expected/);
		ui.unmount();
	});
}

test('vf view: the VF goes away and the synthetic queues take over', async t => {
	const run = await runScenario('vf', {seconds: 5, actions: [{at: 3, run: (s, now) => s.machine.setVfPresent('eth0', false, now)}]});
	const split = vfSplit(run.device('eth0').reading);
	t.is(split.state, 'vf-absent');
	t.true(split.synthetic.rxPps > 100_000);
	const ui = render(<VfView readings={run.readings()} units='bytes' columns={80} maxLines={17}/>);
	t.regex(ui.lastFrame()!, /VF \(gone\)\s+0\s+0 B\/s/);
	t.regex(ui.lastFrame()!, /VF absent \(it carried traffic before\): synthetic fallback/);
	ui.unmount();
});

test('vf view: more devices than lines', async t => {
	const run = await scenarioRun('balanced');
	const ui = render(<VfView readings={run.readings()} units='bits' columns={80} maxLines={5}/>);
	const lines = frameLines(ui.lastFrame());
	t.true(lines.length <= 5);
	t.regex(lines.at(-1)!, /^\+1 device more/, 'one device, singular');
	ui.unmount();
});

test('vf view: devices still being read', t => {
	const split = vfSplit({name: 'eth9'});
	t.is(split.state, 'no-data');
	const ui = render(<VfView readings={[{name: 'eth9'}]} units='bits' columns={80} maxLines={17}/>);
	t.regex(ui.lastFrame()!, /eth9 {5}synthetic 0 q/);
	t.regex(ui.lastFrame()!, /no data yet/);
	ui.unmount();
});
