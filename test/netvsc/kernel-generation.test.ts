// The kernel generation of the model (--kernel): netvsc's default channel
// count is 8 before 6.12 and max(16, default RSS queues) since 646f071d. The
// model probes with its kernel's rule and reports its release in ethtool -i,
// so few-channels advice — which reads the release, as on a live VM — names
// and proposes that generation's default.
import test from 'ava';
import {fewChannels} from '../../source/advice/rules/few-channels.js';
import {kernelDefaultChannels} from '../../source/advice/facts.js';
import {parseSetArgs} from '../../source/commands/set.js';
import {probeChannelRequest} from '../../source/netvsc/channels.js';
import {parseOptions} from '../../source/options.js';
import {createModelSource} from '../../source/sources/model.js';
import {runScenario} from '../advice/helpers.js';

async function eth0(kernel?: string): Promise<{combined: number; release: string}> {
	const made = createModelSource({scenario: 'vf', ...(kernel === undefined ? {} : {kernel})});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	const snap = await made.value.snapshot('eth0', 1000);
	if (!snap.ok || !snap.value.channels.ok || !snap.value.info.ok) {
		throw new Error('unreadable eth0');
	}

	return {combined: snap.value.channels.value.combined, release: snap.value.info.value.version};
}

test('the model probes its kernel\'s default: 16 channels on 16 vCPUs today (and by default), 8 on 6.8', async t => {
	t.deepEqual(await eth0(), {combined: 16, release: '6.17.0-1008-azure'});
	t.deepEqual(await eth0('6.17'), {combined: 16, release: '6.17.0-1008-azure'});
	t.deepEqual(await eth0('6.8'), {combined: 8, release: '6.8.0-1025-azure'});
	const bad = createModelSource({scenario: 'vf', kernel: '5.4'});
	t.false(bad.ok);
	t.is(bad.ok ? '' : bad.error.message, '--kernel must be 6.8 (before 6.12: 8 channels by default) or 6.17 (since 6.12: 16), not \'5.4\'');
});

test('the rule per generation: 8 before 6.12, max(16, default RSS queues) from 6.12 on', t => {
	t.is(probeChannelRequest(4, [6, 11]), 8);
	t.is(probeChannelRequest(64, [5, 15]), 8);
	t.is(probeChannelRequest(4, [6, 12]), 16);
	t.is(probeChannelRequest(64, [7, 0]), 32);
	t.is(probeChannelRequest(4), 16, 'an unknown kernel: today\'s rule');
	t.is(kernelDefaultChannels(16, 16, [6, 8]), 8);
	t.is(kernelDefaultChannels(4, 4, [6, 8]), 4, 'bounded by the device\'s maximum');
	t.is(kernelDefaultChannels(16, 16, [6, 12]), 16);
	t.is(kernelDefaultChannels(64, 64, [6, 17]), 16);
});

test('few-channels on a 6.8 kernel: the default it names and proposes is 8', async t => {
	const run = await runScenario('few-channels', {kernel: '6.8'});
	const advice = fewChannels(run.input('eth0'));
	t.regex(advice?.title ?? '', /^channels 2 < 16 vCPUs while queue \d is saturated$/);
	t.regex(advice?.reason ?? '', /the kernel's default for 16 vCPUs is 8\./);
	t.deepEqual(advice?.suggestion, {kind: 'channels', value: 8});
});

test('--kernel: validated with one sentence, model only; hvtop set takes it with --model', t => {
	const ok = parseOptions({model: true, kernel: '6.8'});
	t.is(ok.ok ? ok.value.kernel : undefined, '6.8');
	t.is(parseOptions({}).ok && (parseOptions({}) as {value: {kernel?: string}}).value.kernel, undefined);
	const bad = parseOptions({kernel: '6.12'});
	t.is(bad.ok ? '' : bad.error.message, '--kernel must be 6.8 (before 6.12: 8 channels by default) or 6.17 (since 6.12: 16), not \'6.12\'');
	const live = parseOptions({live: true, kernel: '6.8'});
	t.is(live.ok ? '' : live.error.message, '--kernel chooses the model\'s kernel: it cannot be combined with --live');
	const set = parseSetArgs(['channels', 'eth0', '4', '--model', '--kernel', '6.8']);
	t.deepEqual(typeof set === 'string' ? set : set.world, {kernel: '6.8'});
	t.is(parseSetArgs(['channels', 'eth0', '4', '--kernel', '6.8']), '--kernel chooses the model\'s world: give --model too');
});
