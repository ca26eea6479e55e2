// The flow hash dialog (h): its fields are indexes into words, and the lines
// show the words — flow type udp4, fields sdfn → sd — never the indexes;
// stepping moves through the words and replans.
import test from 'ava';
import {createModelSource} from '../../source/sources/model.js';
import {kindOf} from '../../source/tuning/kinds/index.js';
import {applyDialog, openDialog, type DialogState} from '../../source/ui/dialog-state.js';
import {dialogLines, lineText} from '../../source/ui/dialog-lines.js';

async function reading() {
	const made = createModelSource({scenario: 'balanced', seed: 1});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	const snap = await made.value.snapshot('eth0', 1000);
	if (!snap.ok) {
		throw new Error(snap.error.message);
	}

	return kindOf('flow-hash').reading(snap.value);
}

const text = (dialog: DialogState): string => dialogLines(dialog, 90, 30).map(line => lineText(line)).join('\n');

test('the dialog shows words: flow type udp4, hash fields sdfn → sd, and the plan in ethtool\'s words', async t => {
	const current = await reading();
	const dialog = openDialog('flow-hash', 'eth0', current, 30_000);
	if ('error' in dialog) {
		t.fail(dialog.error);
		return;
	}

	const shown = text(dialog);
	t.regex(shown, /Change flow hash of eth0/);
	t.regex(shown, /flow type +udp4 → +udp4 +tcp4 tcp6 udp4 udp6/);
	t.regex(shown, /hash fields +sdfn → +sd +sd sdfn/);
	t.regex(shown, /rx-flow-hash udp4 sdfn → rx-flow-hash udp4 sd: what will happen/);
	t.notRegex(shown, /allowed 0/);

	const stepped = applyDialog(dialog, {type: 'step', direction: 1}, current).state;
	t.regex(text(stepped), /flow type +udp4 → +udp6 /);
	t.regex(text(stepped), /rx-flow-hash udp6 sdfn → rx-flow-hash udp6 sd/);
});
