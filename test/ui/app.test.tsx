import test from 'ava';
import {render} from 'ink-testing-library';
import App, {type AppProps} from '../../source/app.js';
import {manualClock, manualScheduler} from '../../source/clock.js';
import {createFakeSource, type FakeDevice} from '../helpers/fake-source.js';

import {delay, waitForFrame, waitUntil} from '../helpers/ink.js';

// The app loop is stepped by hand: each tick advances the clock by exactly
// one second and runs the pending poll, so the rates on screen are exact.
function setup(options: {columns?: number; rows?: number; devices?: FakeDevice[]; more?: Partial<AppProps>} = {}) {
	const clock = manualClock(10_000);
	const schedule = manualScheduler();
	const source = createFakeSource(options.devices ?? [
		{name: 'eth0', rxPps: [1000, 2000, 3000, 4000]},
		{name: 'eth1', rxPps: [500, 500], vf: 'enP1s1'},
	]);
	const ui = render(<App source={source} clock={clock} schedule={schedule} intervalMs={1000} host='vm1' columns={options.columns ?? 100} rows={options.rows ?? 30} {...options.more}/>);
	let ticks = 0;
	// One tick: the loop is waiting, time moves one second, the poll runs and
	// the next one is scheduled (which happens only after the state was set).
	const tick = async () => {
		await waitUntil(() => schedule.pending() === 1, 'the loop to wait for its next tick');
		clock.advance(1000);
		schedule.runPending();
		ticks++;
		await waitUntil(() => schedule.pending() === 1, `tick ${ticks} to finish`);
		await delay(10);
	};

	const frame = () => ui.lastFrame() ?? '';
	const waitFor = async (pattern: RegExp) => waitForFrame(ui.lastFrame, pattern);
	return {ui, tick, frame, waitFor, schedule, clock};
}

test('shows the source label, device, channels, rings and per-queue rates', async t => {
	const {ui, tick, waitFor} = setup();
	await tick();
	const screen = await waitFor(/4\.00k/);
	t.regex(screen, /FAKE — test source/);
	t.regex(screen, /eth0 1\/2/);
	t.regex(screen, /channels 4\/8/);
	t.regex(screen, /rings rx 9709\/18811 tx 170\/2560 sections \(16\.0 MiB\/1020\.0 KiB\)/);
	// Queue 3 receives 4000 packets/s of 1000 bytes: 4.00k pps, 32.0 Mb/s, 40 % of 10k pps.
	t.regex(screen, /\n\s+3\s+3\s+4\.00k\s+32\.0 Mb\/s\s+0\s+0 b\/s\s+40\.0%/);
	t.regex(screen, /all\s+10\.0k\s+80\.0 Mb\/s/);
	t.regex(screen, /all\s+10\.0k.*imbalance 1\.60×/);
	t.regex(screen, /tx_send_full \d+ \+3\/s/);
	t.regex(screen, /\? help {2}q quit {2}c channels {2}r rings {2}v view {2}a advice {2}Tab device {2}space pause/);
	ui.unmount();
});

test('b switches bits and bytes', async t => {
	const {ui, tick, frame, waitFor} = setup();
	await tick();
	await tick();
	t.regex(frame(), /32\.0 Mb\/s/);
	ui.stdin.write('b');
	t.regex(await waitFor(/4\.00 MB\/s/), /4\.00 MB\/s/);
	ui.unmount();
});

test('Tab and arrows switch device; the VF partner is shown', async t => {
	const {ui, tick, waitFor} = setup();
	await tick();
	await waitFor(/eth0 1\/2/);
	ui.stdin.write('\t');
	t.regex(await waitFor(/eth1 2\/2/), /VF enP1s1/);
	ui.stdin.write('\u001B[C');
	await waitFor(/eth0 1\/2/);
	ui.stdin.write('\u001B[D');
	await waitFor(/eth1 2\/2/);
	ui.stdin.write('\u001B[Z');
	t.pass(await waitFor(/eth0 1\/2/));
	ui.unmount();
});

test('? opens the help screen listing every key, ? closes it', async t => {
	const {ui, tick, waitFor} = setup();
	await tick();
	ui.stdin.write('?');
	const top = await waitFor(/hvtop keys/);
	// A screen too short for every key shows a window of them; ↓ (or PgDn) shows the rest.
	t.regex(top, /keys 1–\d+ of \d+ \(↑↓ PgUp PgDn scroll\)/);
	ui.stdin.write('\u001B[6~');
	const bottom = await waitFor(/keys \d+–(\d+) of \1 /);
	for (const key of ['space', 'Tab', 'S-Tab', 'PgUp', 'quit', 'bits or bytes', 'idle queues', 'RSS table', 'advice details', 'change channels', 'ring sizes', 'keep / revert now']) {
		t.true(top.includes(key) || bottom.includes(key), `help mentions ${key}`);
	}

	ui.stdin.write('?');
	t.regex(await waitFor(/eth0 1\/2/), /channels 4\/8/);
	ui.unmount();
});

test('space pauses: the screen says so and the numbers stop changing', async t => {
	const {ui, tick, frame, waitFor, schedule, clock} = setup();
	const pending = () => schedule.pending();
	await tick();
	await tick();
	ui.stdin.write(' ');
	const paused = await waitFor(/PAUSED/);
	// Paused: the loop stops, so nothing is waiting to run and the screen stays.
	await waitUntil(() => pending() === 0, 'the loop to stop');
	// Nothing is scheduled, so nothing can redraw: time may pass and the screen is the one paused.
	clock.advance(5000);
	t.false(schedule.runPending(), 'no tick ran while paused');
	t.is(frame(), paused);
	ui.stdin.write(' ');
	await waitFor(/every 1s/);
	await tick();
	t.notRegex(frame(), /PAUSED/);
	ui.unmount();
});

test('z hides idle queues and says how many', async t => {
	const {ui, tick, waitFor} = setup({devices: [{name: 'eth0', rxPps: [1000, 0, 0, 2000]}]});
	await tick();
	ui.stdin.write('z');
	const screen = await waitFor(/idle hidden/);
	t.regex(screen, /2 idle hidden: queues 1, 2 \(z shows all\)/);
	t.notRegex(screen, /\n\s+1\s+1\s+0\s/);
	ui.unmount();
});

test('z with no idle queue says so (it did nothing visible)', async t => {
	const {ui, tick, waitFor} = setup({devices: [{name: 'eth0', rxPps: [1000, 2000]}]});
	await tick();
	ui.stdin.write('z');
	t.regex(await waitFor(/no idle queue/), /no idle queue to hide \(z shows all\)/);
	ui.unmount();
});

test('without colour a hot queue and a rising counter are marked by a symbol', async t => {
	const clock = manualClock(10_000);
	const schedule = manualScheduler();
	const source = createFakeSource([{name: 'eth0', rxPps: [10_000, 100, 100, 100]}]);
	const ui = render(<App source={source} clock={clock} schedule={schedule} intervalMs={1000} host='vm1' columns={100} rows={30} color={false}/>);
	await waitUntil(() => schedule.pending() === 1, 'the loop');
	clock.advance(1000);
	schedule.runPending();
	const screen = await waitForFrame(ui.lastFrame, /10\.0k/);
	t.regex(screen, /\n\s*!0\s+0\s+10\.0k/, 'queue 0 carries 97 %: marked hot');
	t.regex(screen, /\n\s+1\s+1\s+100\s/, 'queue 1 is not');
	t.regex(screen, /↑tx_send_full \d+ \+3\/s/);
	ui.unmount();
});

test('the history header states the span its samples really cover at the interval in use', async t => {
	// One sample after the first interval, three after three: one interval each.
	for (const [intervalMs, spans] of [[1000, ['1s', '3s']], [2000, ['2s', '6s']], [50_000, ['50s', '2m30s']]] as const) {
		const clock = manualClock(10_000);
		const schedule = manualScheduler();
		const source = createFakeSource([{name: 'eth0', rxPps: [1000, 2000]}]);
		const ui = render(<App source={source} clock={clock} schedule={schedule} intervalMs={intervalMs} host='vm1' columns={100} rows={30}/>);
		// eslint-disable-next-line no-await-in-loop
		await waitUntil(() => schedule.pending() === 1, 'the loop');
		for (const [i, span] of spans.entries()) {
			for (let tick = 0; tick < (i === 0 ? 1 : 2); tick++) {
				clock.advance(intervalMs);
				schedule.runPending();
				// eslint-disable-next-line no-await-in-loop
				await waitUntil(() => schedule.pending() === 1, 'the next tick');
			}

			// eslint-disable-next-line no-await-in-loop
			const screen = await waitForFrame(ui.lastFrame, new RegExp(`rx pps, last ${span}\\b`));
			t.regex(screen, new RegExp(`rx pps, last ${span}\\b`), `${intervalMs} ms`);
		}

		ui.unmount();
	}
});

test('q quits', async t => {
	const {ui, tick, schedule} = setup();
	await tick();
	t.is(schedule.pending(), 1, 'the loop is waiting for its next tick');
	ui.stdin.write('q');
	// Exiting unmounts the app, which cancels the loop: nothing is left to run.
	await waitUntil(() => schedule.pending() === 0, 'the loop to stop');
	t.is(schedule.pending(), 0);
	ui.unmount();
});

test('F1 opens and closes the help, F10 quits (as a terminal sends them: xterm, VT220)', async t => {
	const {ui, tick, schedule, waitFor} = setup();
	await tick();
	ui.stdin.write('\u001BOP');
	await waitFor(/hvtop keys/);
	ui.stdin.write('\u001B[11~');
	await waitFor(/eth0 1\/2/);
	ui.stdin.write('\u001B[21~');
	await waitUntil(() => schedule.pending() === 0, 'the loop to stop');
	t.is(schedule.pending(), 0);
	ui.unmount();
});

test('W saves what is on screen as preferences (units, view, device) and says where; the preferred units open', async t => {
	const saved: unknown[] = [];
	const {ui, tick, waitFor} = setup({more: {initialUnits: 'bytes', async savePreferences(chosen) {
		saved.push(chosen);
		return 'preferences saved to /x/config.json: bytes, view cpus, device eth1';
	}}});
	await tick();
	await waitFor(/B\/s/);
	ui.stdin.write('\t');
	ui.stdin.write('2');
	ui.stdin.write('W');
	await waitFor(/preferences saved to \/x\/config\.json/);
	t.deepEqual(saved, [{units: 'bytes', view: 'cpus', device: 'eth1'}]);
	ui.unmount();
});

test('W without a place to save (--demo) says so, and nothing else happens', async t => {
	const {ui, tick, waitFor} = setup();
	await tick();
	ui.stdin.write('W');
	t.pass(await waitFor(/preferences are not saved in this run/));
	ui.unmount();
});

test('80×24: the frame stays below the terminal height and scrolls the queues', async t => {
	const {ui, tick, frame, waitFor} = setup({columns: 80, rows: 24, devices: [{name: 'eth0', rxPps: Array.from({length: 20}, (_, i) => 100 * (i + 1))}]});
	await tick();
	const lines = (await waitFor(/rows 1–11 of 20/)).split('\n');
	t.true(lines.length <= 23, `${lines.length} lines`);
	t.true(lines.every(line => line.length <= 80), 'no line wider than 80');
	t.regex(frame(), /rows 1–11 of 20 \(↑↓ scroll\)/);
	ui.stdin.write('\u001B[6~');
	await waitFor(/rows 10–20 of 20/);
	ui.stdin.write('\u001B[A');
	t.regex(await waitFor(/rows 9–19 of 20/), /\n\s+8\s+8\s/);
	ui.unmount();
});

test('80×24: the help screen fits', async t => {
	const {ui, tick, waitFor} = setup({columns: 80, rows: 24});
	await tick();
	ui.stdin.write('?');
	const lines = (await waitFor(/hvtop keys/)).split('\n');
	t.true(lines.length <= 23, `${lines.length} lines`);
	t.true(lines.every(line => [...line].length <= 80), 'no line wider than 80');
	ui.unmount();
});

test('keys that arrive in one burst are each applied', async t => {
	const {ui, tick, waitFor} = setup();
	await tick();
	await waitFor(/eth0 1\/2/);
	// "b" then "?" as one chunk, as when typed faster than a frame or pasted.
	ui.stdin.write('b?');
	await waitFor(/hvtop keys/);
	ui.stdin.write('?');
	t.regex(await waitFor(/eth0 1\/2/), /MB\/s/, 'b was applied too');
	ui.unmount();
});

test('a terminal below 50×16 gets a sentence instead of a broken frame', async t => {
	const {ui, tick, waitFor} = setup({columns: 80, rows: 12});
	await tick();
	t.regex(await waitFor(/needs a terminal/), /hvtop needs a terminal of at least 50×16; this one is 80×12\. q quits\./);
	ui.unmount();
});

/** A fake source that counts the snapshots taken of each device. */
function countingReads(devices: FakeDevice[]) {
	const fake = createFakeSource(devices);
	const reads = new Map<string, number>();
	const source = {
		...fake,
		async snapshot(name: string, now: number) {
			reads.set(name, (reads.get(name) ?? 0) + 1);
			return fake.snapshot(name, now);
		},
	};
	return {clock: manualClock(10_000), schedule: manualScheduler(), source, reads};
}

/** `count` ticks of one second each, every one drawn before the next. */
async function runTicks(clock: ReturnType<typeof manualClock>, schedule: ReturnType<typeof manualScheduler>, count: number) {
	for (let i = 0; i < count; i++) {
		// eslint-disable-next-line no-await-in-loop
		await waitUntil(() => schedule.pending() === 1, 'the loop to wait');
		clock.advance(1000);
		schedule.runPending();
		// eslint-disable-next-line no-await-in-loop
		await delay(10);
	}

	await waitUntil(() => schedule.pending() === 1, 'the last tick');
}

test('the device on screen is read every tick, the others every 5th; switching to one shows its rates at once', async t => {
	const {clock, schedule, source, reads} = countingReads([{name: 'eth0', rxPps: [1000, 2000]}, {name: 'eth1', rxPps: [700, 700]}]);
	const ui = render(<App source={source} clock={clock} schedule={schedule} intervalMs={1000} host='vm1' columns={100} rows={30}/>);
	// The first frame names the device on screen: from then on the loop knows it.
	await waitForFrame(ui.lastFrame, /eth0 1\/2/);
	await runTicks(clock, schedule, 10);
	// 11 ticks: eth0 every one; eth1 on the first two and on ticks 5 and 10.
	t.is(reads.get('eth0'), 11);
	t.is(reads.get('eth1'), 4);
	ui.stdin.write('\t');
	// Its last reading is shown at once, rates included (700 pps per queue).
	const screen = await waitForFrame(ui.lastFrame, /eth1 2\/2/);
	t.regex(screen, /\n\s+1\s+1\s+700\s/);
	// Its history has a column per second all the same: read after 1, 4 and 5 ticks → 1 + 4 + 5 columns.
	const row = screen.split('\n').find(line => /^\s+1\s+1\s+700\s/.test(line))!;
	t.is(/[▁▂▃▄▅▆▇█]+$/.exec(row)?.[0].length, 10, row);
	ui.unmount();
});

test('in the VF view every device is read every tick (the view shows them all)', async t => {
	const {clock, schedule, source, reads} = countingReads([{name: 'eth0', rxPps: [1000, 2000]}, {name: 'eth1', rxPps: [700, 700], vf: 'enP1s1'}]);
	const ui = render(<App source={source} clock={clock} schedule={schedule} intervalMs={1000} host='vm1' columns={100} rows={30} initialView='vf'/>);
	await runTicks(clock, schedule, 6);
	t.is(reads.get('eth0'), 7);
	t.is(reads.get('eth1'), 7);
	ui.unmount();
});
