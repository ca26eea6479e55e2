// The dialog and the rate limit: when the device was re-created too recently,
// the plan says how long to wait and why and that F forces; F is the force
// action only then (and only for a valid plan), y stays the plain apply.
import test from 'ava';
import {openChannelsDialog, type DialogState} from '../../source/ui/dialog-state.js';
import {dialogLines, lineText} from '../../source/ui/dialog-lines.js';
import {dialogKey} from '../../source/ui/keymap.js';
import {recreateReason} from '../../source/tuning/rate-limit.js';
import {netvscChannels} from '../tuning/helpers/model-device.js';

const channels = {ok: true, value: netvscChannels(4, 8)} as const;

function open(step = 1): DialogState {
	const d = openChannelsDialog('eth0', channels, 30_000, step);
	if ('error' in d) {
		throw new Error(d.error);
	}

	return d;
}

// The dialog's text as one paragraph: its frame and wrapping taken out.
const text = (d: DialogState): string => dialogLines(d, 90, 30).map(l => lineText(l).replaceAll(/[│╭╮╰╯─]/g, '').trim()).join(' ');

test('with a wait: the plan says wait N s, why, and that F forces; F forces, y applies', t => {
	const d = {...open(), recreateWait: {seconds: 18, reason: recreateReason}};
	t.regex(text(d), /! wait 18 s \(a host bug hung guests after rapid repeated channel changes: microsoft\/openvmm#2854\); F forces/);
	t.is(dialogKey(d, 'F', {}, channels).action, 'force');
	t.is(dialogKey(d, 'y', {}, channels).action, 'confirm');
});

test('without a wait, F does nothing and no wait line shows; nor with an invalid plan', t => {
	const d = open();
	t.false(text(d).includes('F forces'));
	t.is(dialogKey(d, 'F', {}, channels).action, undefined);
	const unchanged = {...open(0), recreateWait: {seconds: 18, reason: recreateReason}};
	t.false(unchanged.plan.ok);
	t.is(dialogKey(unchanged, 'F', {}, channels).action, undefined);
});
