import test from 'ava';
import {render} from 'ink-testing-library';
import CpuView from '../../source/ui/cpu-view.js';
import {cpuColumns, queueList} from '../../source/views/cpus.js';
import {runScenario, scenarioRun} from '../advice/helpers.js';
import {frameLines, sizes, viewLines} from './view-budget.js';

for (const {columns, rows} of sizes) {
	test(`cpu view ${columns}×${rows}: channels per CPU, idle CPUs, saturation, within budget`, async t => {
		const run = await scenarioRun('few-channels');
		const {reading, snapshot} = run.device('eth0');
		const maxLines = viewLines(rows);
		const ui = render(<CpuView reading={reading} units='bits' columns={columns} maxLines={maxLines}/>);
		const lines = frameLines(ui.lastFrame());
		t.true(lines.length <= maxLines, `${lines.length} lines`);
		t.true(lines.every(l => l.length <= columns), 'no line wider than the terminal');
		t.regex(lines[0]!, columns >= 100
			? /^ CPU {2}queues\s+rx pps\s+rx rate\s+tx pps\s+vf pps\s+sirq%\s+sys%\s+usr%\s+idle%\s+st%\s+NET_RX\s+drops\s+sqz$/
			: /^ CPU {2}queues\s+rx pps\s+tx pps\s+sirq%\s+sys%\s+usr%\s+idle%\s+st%\s+NET_RX\s+drops\s+sqz$/);
		// The two CPUs with a channel, each named with its queue and marked saturated (!), all in softirq; the rest show "-".
		const [q0, q1] = snapshot.channelCpu;
		t.regex(ui.lastFrame()!, new RegExp(`\\n\\s+${q0!}! 0\\s+\\d.* 100 +0 +0 +0 +0 `));
		t.regex(ui.lastFrame()!, new RegExp(`\\n\\s+${q1!}! 1\\s+\\d.* 100 +0 +0 +0 +0 `));
		t.regex(ui.lastFrame()!, /\n\s+1 {2}-\s+0\s+/);
		t.regex(ui.lastFrame()!, /16 CPUs: 2 serve 2 channels, 14 serve none, 2 saturated \(!: sirq\+sys ≥ 85 %\)/);
		if (maxLines - 2 < 16) {
			t.regex(ui.lastFrame()!, new RegExp(`CPUs 1–${maxLines - 3} of 16 \\(↑↓ scroll\\)`));
		}

		ui.unmount();
	});
}

test('cpu view: scrolls through 64 CPUs', async t => {
	const run = await scenarioRun('large');
	const ui = render(<CpuView reading={run.device('eth0').reading} units='bits' columns={80} maxLines={17} scroll={50}/>);
	const lines = frameLines(ui.lastFrame());
	t.is(lines.length, 17);
	t.regex(ui.lastFrame()!, /CPUs 51–64 of 64/);
	t.regex(lines[1]!, /^\s+50 /);
	ui.unmount();
});

test('cpu view: a CPU with two channels is listed with both', async t => {
	const run = await runScenario('balanced', {seconds: 3, actions: [{at: 1, run(s, now) {
		const device = s.machine.device('eth0');
		s.machine.writeChannelCpu('eth0', 1, String(device.ok ? device.value.channelCpu()[0] : 0), now);
	}}]});
	const {reading, snapshot} = run.device('eth0');
	const ui = render(<CpuView reading={reading} units='bits' columns={100} maxLines={23}/>);
	t.regex(ui.lastFrame()!, new RegExp(`\\n\\s+${snapshot.channelCpu[0]!}  0,1\\s`));
	t.regex(ui.lastFrame()!, /1 serve several/);
	ui.unmount();
});

test('cpu view: narrow terminals drop the least important columns first', t => {
	const titles = (width: number) => cpuColumns(width).map(c => c.title.trim());
	t.deepEqual(titles(120), ['CPU', 'queues', 'rx pps', 'rx rate', 'tx pps', 'vf pps', 'sirq%', 'sys%', 'usr%', 'idle%', 'st%', 'NET_RX', 'NET_TX', 'drops', 'sqz']);
	// At 80 columns the CPU time stays; the byte rate, VF packets and NET_TX go first.
	t.deepEqual(titles(80), ['CPU', 'queues', 'rx pps', 'tx pps', 'sirq%', 'sys%', 'usr%', 'idle%', 'st%', 'NET_RX', 'drops', 'sqz']);
	t.false(titles(70).includes('usr%'));
	t.deepEqual(titles(42), ['CPU', 'queues', 'rx pps', 'sirq%', 'sys%', 'NET_RX']);
	t.deepEqual(titles(34), ['CPU', 'queues', 'rx pps', 'sirq%', 'sys%']);
	t.deepEqual(titles(10), ['CPU', 'queues']);
});

test('queueList fits long lists', t => {
	t.is(queueList([], 7), '-');
	t.is(queueList([0, 4], 7), '0,4');
	t.is(queueList([10, 20, 30, 40], 7), '10,+3');
});

test('cpu view: waiting for data, and devices without per-CPU counters', async t => {
	const waiting = render(<CpuView reading={undefined} units='bits' columns={80} maxLines={17}/>);
	t.is(waiting.lastFrame(), 'reading the device…');
	waiting.unmount();
	const {reading} = (await scenarioRun('balanced')).device('eth0');
	const bare = render(<CpuView reading={{...reading, rates: {...reading.rates!, cpus: []}}} units='bits' columns={80} maxLines={17}/>);
	t.regex(bare.lastFrame()!, /^no per-CPU counters/);
	bare.unmount();
});
