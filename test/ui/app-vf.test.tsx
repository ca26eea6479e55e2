// The app with a mana VF read through its own driver, stepped by hand: the
// VF's queues by default, f to the synthetic channels and back, and a VF the
// host removes said on the status line (held across ticks).
import test from 'ava';
import {render} from 'ink-testing-library';
import App from '../../source/app.js';
import {manualClock, manualScheduler} from '../../source/clock.js';
import {createFakeSource, type FakeDevice, type FakeVf} from '../helpers/fake-source.js';
import {delay, waitForFrame, waitUntil} from '../helpers/ink.js';

test('the VF path by default, f switches, a removed VF is said on the status line', async t => {
	const device: {-readonly [K in keyof FakeDevice]: FakeDevice[K]} = {name: 'eth0', rxPps: [300, 200], vf: 'enP30832s1', vfDevice: {name: 'enP30832s1'} satisfies FakeVf};
	const clock = manualClock(10_000);
	const schedule = manualScheduler();
	const ui = render(<App source={createFakeSource([device])} clock={clock} schedule={schedule} intervalMs={1000} host='vm1' columns={80} rows={24}/>);
	const tick = async () => {
		await waitUntil(() => schedule.pending() === 1, 'the loop to wait');
		clock.advance(1000);
		schedule.runPending();
		await waitUntil(() => schedule.pending() === 1, 'the tick to finish');
		await delay(10);
	};

	const waitFor = async (pattern: RegExp) => waitForFrame(ui.lastFrame, pattern);
	await tick();
	await tick();
	t.regex(await waitFor(/VF enP30832s1 \(mana\) queues {2}· {2}f: synthetic channels/), /\n {2}0 {4}0 rx\+tx\s+1\.00k/);
	ui.stdin.write('f');
	t.regex(await waitFor(/synthetic hv_netvsc channels {2}· {2}f: VF enP30832s1/), /\n {2}Q {2}CPU {3}rx pps/);
	ui.stdin.write('f');
	await waitFor(/VF enP30832s1 \(mana\) queues/);

	// Host servicing: the VF goes, and with it its name.
	device.vfDevice = undefined;
	device.vf = undefined;
	await tick();
	const removed = /VF enP30832s1 removed by the host: traffic on the synthetic path/;
	t.regex(await waitFor(removed), /\n {2}Q {2}CPU {3}rx pps/, 'the synthetic channels back on screen');
	await tick();
	t.regex(ui.lastFrame() ?? '', removed, 'still said a tick later');
	ui.unmount();
});

test('the errors line counts the VF driver\'s counters too: a rising hc_rx_discards_no_wqe is not "all at 0"', async t => {
	const device: FakeDevice = {name: 'eth0', rxPps: [300, 200], vf: 'enP30832s1', vfDevice: {name: 'enP30832s1', discardsPerSecond: 500}};
	const clock = manualClock(10_000);
	const schedule = manualScheduler();
	const ui = render(<App source={createFakeSource([device])} clock={clock} schedule={schedule} intervalMs={1000} host='vm1' columns={100} rows={30}/>);
	for (let i = 0; i < 2; i++) {
		// eslint-disable-next-line no-await-in-loop
		await waitUntil(() => schedule.pending() === 1, 'the loop to wait');
		clock.advance(1000);
		schedule.runPending();
	}

	const frame = await waitForFrame(ui.lastFrame, /errors: .*VF hc_rx_discards_no_wqe [\d.]+k? \+500\/s/);
	t.notRegex(frame, /errors: all \d+ driver counters at 0/);
	ui.unmount();
});
