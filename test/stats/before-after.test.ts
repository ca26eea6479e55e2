// Before → after a change, on the model with the injected clock: 2 channels
// on 16 vCPUs (few-channels) moved to 16; the history of the minute before is
// compared with the seconds since, left out the settle time.
import test from 'ava';
import {pollDevice} from '../../source/poll.js';
import {createModelSource} from '../../source/sources/model.js';
import {beforeAfter, beforeAfterText, settleMs} from '../../source/stats/before-after.js';
import {createHistory, pushRates} from '../../source/stats/index.js';
import {samplesBetween} from '../../source/stats/history.js';
import type {DeviceReading} from '../../source/stats/reading.js';

test('the minute before against the seconds since: the errors stop and more packets get through once 16 channels spread the load', async t => {
	const opened = createModelSource({scenario: 'few-channels', seed: 1});
	if (!opened.ok) {
		t.fail(opened.error.message);
		return;
	}

	const source = opened.value;
	const history = createHistory();
	let reading: DeviceReading | undefined;
	let now = 0;
	const tick = async () => {
		now += 1000;
		reading = await pollDevice(source, reading, 'eth0', now);
		pushRates(history, reading.rates!);
	};

	for (let i = 0; i < 70; i++) {
		// eslint-disable-next-line no-await-in-loop
		await tick();
	}

	t.is(samplesBetween(history, now - 60_000, now).length, 60, 'the device figures reach back past the 60-sample sparklines');
	const appliedAt = now + 500;
	t.is(beforeAfter(history, appliedAt, appliedAt), undefined, 'nothing since yet');
	const changed = await source.setChannels('eth0', {combined: 16}, appliedAt);
	t.true(changed.ok);
	for (let i = 0; i < 12; i++) {
		// eslint-disable-next-line no-await-in-loop
		await tick();
	}

	const figures = beforeAfter(history, appliedAt, now);
	t.truthy(figures);
	const {before, after} = figures!;
	t.is(before.seconds, 60);
	t.is(after.seconds, Math.round((now - (appliedAt + settleMs)) / 1000));
	// Two saturated queues are evenly loaded (imbalance 1.0×): the figure is the mean of what was shown, not a verdict.
	const mean = (from: number, to: number) => {
		const samples = samplesBetween(history, from, to);
		return samples.reduce((sum, sample) => sum + sample.imbalance, 0) / samples.length;
	};

	t.is(before.imbalance, mean(appliedAt - 60_000, appliedAt));
	t.is(after.imbalance, mean(appliedAt + settleMs, now));
	t.true(after.pps > before.pps, `pps ${before.pps} → ${after.pps}`);
	t.true(before.errorsPerSec > 10 * Math.max(1, after.errorsPerSec), `errors ${before.errorsPerSec} → ${after.errorsPerSec}`);
	// Two channels' CPUs were busy with softirq all the time (the model's per-packet cost exceeds them); 16 share it.
	t.is(before.busiestSoftirq, 1);
	t.true(after.busiestSoftirq! < 0.7, `busiest CPU softirq ${after.busiestSoftirq}`);
	t.regex(beforeAfterText(figures!), /^before \(60 s\) → since \(\d+ s\): imbalance \d+\.\d\d× → \d+\.\d\d×, [\d.]+[kM]? → [\d.]+[kM]? pps, drops [\d.]+[kM]?\/s → [\d.]+[kM]?\/s, errors [\d.]+[kM]?\/s → [\d.]+[kM]?\/s, busiest CPU softirq 100 % → \d{1,2} %$/);
});

test('the busiest CPU softirq pair appears only where CPU time was measured, "-" for a window without it', t => {
	const figures = (busiestSoftirq?: number) => ({seconds: 60, imbalance: 1, pps: 1000, errorsPerSec: 0, dropsPerSec: 0, ...(busiestSoftirq === undefined ? {} : {busiestSoftirq})});
	t.false(beforeAfterText({before: figures(), after: figures()}).includes('softirq'), 'no /proc/stat: no claim about softirq');
	t.true(beforeAfterText({before: figures(), after: figures(0.414)}).endsWith(', busiest CPU softirq - → 41 %'));
	t.true(beforeAfterText({before: figures(0.996), after: figures(0.2)}).endsWith(', busiest CPU softirq 100 % → 20 %'));
});
