// The change dialog at every size hvtop accepts (50×16 up) and in every state:
// rendered in the dashboard's body, no line is wider than the terminal, the
// frame is never taller than the terminal, and the dialog's rows on screen are
// exactly its own lines in order (text drawn over other text would change them).
import test from 'ava';
import fc from 'fast-check';
import {render} from 'ink-testing-library';
import {openChannelsDialog, openRingsDialog, type DialogState} from '../../source/ui/dialog-state.js';
import {dialogKey, type KeyFlags as DialogKey} from '../../source/ui/keymap.js';
import Dashboard from '../../source/ui/dashboard.js';
import {dialogLines, lineText} from '../../source/ui/dialog-lines.js';
import {bodyLinesFor, headerLines} from '../../source/ui/layout.js';
import TuningDialog from '../../source/ui/tuning-dialog.js';
import {netvscChannels, netvscRings} from '../tuning/helpers/model-device.js';

const strip = (s: string) => s.replaceAll(/\u001B\[[\d;]*m/g, '');
const channels = {ok: true, value: netvscChannels(4, 64)} as const;
const rings = {ok: true, value: netvscRings()} as const;

function openDialog(kind: 'channels' | 'rings', device: string): DialogState {
	const d = kind === 'channels' ? openChannelsDialog(device, channels, 30_000) : openRingsDialog(device, rings, 30_000);
	if ('error' in d) {
		throw new Error(d.error);
	}

	return d;
}

const keyArbitrary: fc.Arbitrary<readonly [string, DialogKey]> = fc.constantFrom(
	['', {rightArrow: true}], ['', {leftArrow: true}], ['', {tab: true}], ['+', {}], ['-', {}],
	['0', {}], ['1', {}], ['9', {}], ['', {backspace: true}],
);

const stateArbitrary = fc.record({
	kind: fc.constantFrom('channels' as const, 'rings' as const),
	device: fc.constantFrom('eth0', 'enP30832s1', 'a-rather-long-name0'),
	keys: fc.array(keyArbitrary, {maxLength: 8}),
}).map(({kind, device, keys}) => {
	let d = openDialog(kind, device);
	for (const [input, key] of keys) {
		d = dialogKey(d, input, key, kind === 'channels' ? channels : rings).state;
	}

	return d;
});

const width = (line: string) => [...line].length;

function renderAt(dialog: DialogState, columns: number, rows: number, ascii: boolean): string[] {
	const ui = render(
		<Dashboard
			host='vm1' sourceLabel='MODEL' isModel devices={['eth0']} deviceIndex={0} reading={undefined} readings={[]}
			history={undefined} advice={[]} view='queues' adviceOpen={false} paused={false} units='bits' hideIdle={false}
			scroll={0} columns={columns} rows={rows} intervalMs={1000} ascii={ascii} color hints='keys'
			dialog={<TuningDialog dialog={dialog} columns={columns} maxLines={bodyLinesFor(rows)} ascii={ascii}/>}
		/>,
	);
	const frame = strip(ui.lastFrame() ?? '').split('\n');
	ui.unmount();
	return frame;
}

test('the dialog fits and never overprints, at every size from 50×16 and in every state', t => {
	fc.assert(fc.property(
		stateArbitrary, fc.integer({min: 50, max: 200}), fc.integer({min: 16, max: 60}), fc.boolean(),
		(dialog, columns, rows, ascii) => {
			const frame = renderAt(dialog, columns, rows, ascii);
			t.true(frame.length <= rows - 1, `frame of ${frame.length} lines on ${rows} rows`);
			for (const line of frame) {
				t.true(width(line) <= columns, `line wider than ${columns}: ${line}`);
			}

			const expected = dialogLines(dialog, columns, bodyLinesFor(rows), ascii).map(l => lineText(l).trimEnd());
			const body = frame.slice(headerLines, headerLines + expected.length).map(l => l.trimEnd());
			t.deepEqual(body, expected);
			t.true(expected.some(l => l.includes(`Change ${dialog.kind} of ${dialog.device}`.slice(0, 20))), 'the title stays');
			t.true(expected.some(l => l.includes('y/Enter apply') || l.includes('Tab field')), 'the keys stay');
			if (ascii) {
				t.true(body.every(l => /^[\u0020-\u007E]*$/.test(l)), 'ASCII only');
			}
		},
	), {numRuns: 60});
});

test('the ring dialog at 60×18 and 80×24 keeps its title and prints its bounds once, on their own row', t => {
	for (const [columns, rows] of [[60, 18], [80, 24]] as const) {
		let d = openDialog('rings', 'eth0');
		d = dialogKey(d, '', {rightArrow: true}, rings).state;
		const frame = renderAt(d, columns, rows, false).join('\n');
		t.regex(frame, /Change rings of eth0/, `${columns}×${rows}`);
		t.is(frame.match(/allowed 1 … 18811/g)?.length, 1);
		t.regex(frame, /│ › rx ring\s+9709 →\s+16384\s+allowed 1 … 18811\s+│/);
	}
});
