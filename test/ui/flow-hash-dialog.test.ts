// The flow hash dialog (h): its fields are indexes into words, and the lines
// show the words — flow type udp4, fields sdfn → sd — never the indexes;
// stepping moves through the words and replans.
import test from 'ava';
import {createModelSource} from '../../source/sources/model.js';
import {kindOf} from '../../source/tuning/kinds/index.js';
import {applyDialog, openDialog, type DialogState} from '../../source/ui/dialog-state.js';
import {dialogLines, lineText} from '../../source/ui/dialog-lines.js';
import {modeOf, resolve} from '../../source/ui/keymap.js';
import {adviseDevice} from '../../source/advice/index.js';
import {adviceDetailLines} from '../../source/views/advice.js';
import {scenarioRun} from '../advice/helpers.js';

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

test('h opens the flow hash dialog on the dashboard and, from the advice panel, with the advised values', t => {
	const idle = {dialogOpen: false, awaiting: false, pending: false, finished: false};
	t.deepEqual(resolve(modeOf({showHelp: false, adviceOpen: false}, idle), 'h', {}), {type: 'open', kind: 'flow-hash', step: 0});
	t.deepEqual(resolve(modeOf({showHelp: false, adviceOpen: true}, idle), 'h', {}), {type: 'adviceDialog', kind: 'flow-hash', plain: true});
});

test('the advice panel prints the suggestion in ethtool\'s words with its key', async t => {
	const {snapshot, rates} = (await scenarioRun('udp-fragments')).device('eth0');
	const advice = adviseDevice({snapshot, rates}).filter(a => a.id === 'fragmented-udp');
	const text = adviceDetailLines(advice, 200).map(line => line.text).join('\n');
	t.regex(text, /try: rx-flow-hash udp4 sd \(h opens the dialog with it; nothing changes by itself\)/);
});
