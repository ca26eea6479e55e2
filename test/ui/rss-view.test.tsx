import test from 'ava';
import {render} from 'ink-testing-library';
import {gridLayout, queueSymbol} from '../../source/views/rss.js';
import RssView from '../../source/ui/rss-view.js';
import {runScenario, scenarioRun} from '../advice/helpers.js';
import {frameLines, sizes, viewLines} from './view-budget.js';

for (const {columns, rows} of sizes) {
	test(`rss view ${columns}×${rows}: key, grid, entry share against traffic share`, async t => {
		const run = await scenarioRun('elephant');
		const maxLines = viewLines(rows);
		const ui = render(<RssView reading={run.device('eth0').reading} columns={columns} maxLines={maxLines}/>);
		const frame = ui.lastFrame()!;
		const lines = frameLines(frame);
		t.true(lines.length <= maxLines, `${lines.length} lines`);
		t.true(lines.every(l => l.length <= columns));
		t.regex(lines[0]!, /^hash toeplitz {2}key 6d:5a:56:da:25:5b:0e:c2/);
		t.regex(lines[1]!, /^table 128 entries → 8 of 8 queues, default \(i % 8\)$/);
		// Four rows of 32 cells: 128 entries i % 8.
		t.is(lines[2], `   0 ${Array.from({length: 32}, (_, i) => i % 8).join(' ')}`);
		t.regex(lines[5]!, /^ {2}96 0 1 2/);
		// The elephant's queue: 12.5 % of entries, most of the traffic.
		const hot = run.device('eth0').rates.queues.reduce((a, b) => (b.rxPps > a.rxPps ? b : a)).index;
		t.regex(frame, new RegExp(`${hot} q${hot}\\s+16\\s+12\\.5%\\s+[6-9]\\d\\.\\d%\\s+[5-7]\\.\\d×`));
		t.regex(frame, /skew = rx share ÷ table share/);
		ui.unmount();
	});
}

test('rss view: a custom table over half the queues', async t => {
	const run = await runScenario('balanced', {seconds: 3, actions: [{at: 1, run: (s, now) => s.machine.setRss('eth0', {equal: 4}, now)}]});
	const ui = render(<RssView reading={run.device('eth0').reading} columns={80} maxLines={17}/>);
	const frame = ui.lastFrame()!;
	t.regex(frame, /table 128 entries → 4 of 8 queues, custom \(ethtool -X\)/);
	t.regex(frame, /5 q5 {4}0 {3}0\.0%\s+0\.0%\s+-/);
	ui.unmount();
});

test('rss view: 64 queues at 80×24 show a window of them in queue order, and where it is', async t => {
	const run = await scenarioRun('large');
	const ui = render(<RssView reading={run.device('eth0').reading} columns={80} maxLines={17}/>);
	const lines = frameLines(ui.lastFrame());
	t.is(lines.length, 17);
	t.regex(lines[3]!, /^ {2}32 w x y z A B/);
	t.regex(ui.lastFrame()!, /queues 0–\d+ of 64 \(↑↓ scroll; --once lists all\)/);
	t.regex(ui.lastFrame()!, /\n0 q0 /);
	t.regex(lines.at(-1)!, /^a–z=10–35, A–Z=36–61, @=62, #=63; skew/);
	ui.unmount();
});

test('rss view: narrow terminals pack the grid without spaces', async t => {
	t.deepEqual(gridLayout(80, 128), {perRow: 32, spaced: true});
	t.deepEqual(gridLayout(140, 128), {perRow: 64, spaced: true});
	t.deepEqual(gridLayout(60, 128), {perRow: 32, spaced: false});
	const run = await scenarioRun('balanced');
	const ui = render(<RssView reading={run.device('eth0').reading} columns={60} maxLines={12}/>);
	t.regex(ui.lastFrame()!, /\n {3}0 01234567012345670123456701234567\n/);
	ui.unmount();
});

test('rss view: symbols for queues beyond 9', t => {
	t.is(queueSymbol(9), '9');
	t.is(queueSymbol(10), 'a');
	t.is(queueSymbol(36), 'A');
	t.is(queueSymbol(63), '#');
});

test('rss view: devices without RSS say so', async t => {
	const run = await scenarioRun('balanced');
	const {reading} = run.device('eth0');
	const snapshot = {...reading.snapshot!, rss: {ok: false as const, error: {code: 'EOPNOTSUPP', errno: 95, message: 'Operation not supported'}}};
	const ui = render(<RssView reading={{...reading, snapshot}} columns={80} maxLines={17}/>);
	t.is(ui.lastFrame(), 'RSS table (ethtool -x): not supported (no vRSS on this device)');
	ui.unmount();
	// Another driver: no Hyper-V words; and a driver that answers with no table has none, not an empty one.
	const info = {ok: true as const, value: {driver: 'virtio_net', version: '1.0.0', firmwareVersion: '', busInfo: '0000:00:03.0'}};
	const virtio = render(<RssView reading={{...reading, snapshot: {...snapshot, info}}} columns={80} maxLines={17}/>);
	t.is(virtio.lastFrame(), 'RSS table (ethtool -x): not supported by virtio_net');
	virtio.unmount();
	const empty = {...reading.snapshot!, info, rss: {ok: true as const, value: {table: [], key: '', hfunc: 'toeplitz'}}};
	const noTable = render(<RssView reading={{...reading, snapshot: empty}} columns={80} maxLines={17}/>);
	t.is(noTable.lastFrame(), 'RSS table (ethtool -x): not supported by virtio_net (no indirection table)');
	noTable.unmount();
});
