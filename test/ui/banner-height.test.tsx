// The change banner takes exactly the lines bannerLines says, in every state
// of a change, with notices, at narrow and wide widths: the dashboard reserves
// that many lines, so a banner taller than its count would be clipped and a
// shorter one would leave the body short. Its rows on screen are those lines,
// and the wrapped ones (notices, the outcome) are shown whole, never cut.
import test from 'ava';
import fc from 'fast-check';
import {render} from 'ink-testing-library';
import {bannerLines} from '../../source/ui/banner-lines.js';
import ChangeBanner from '../../source/ui/change-banner.js';
import {outcomeLine, reasonTexts, retrying, stateLabels} from '../../source/tuning/describe.js';
import {isTerminal, type ChangeState, type ChangeView, type Reason} from '../../source/tuning/types.js';
import {visibleLines} from '../../source/visible.js';

const strip = (s: string) => s.replaceAll(/\u001B\[[\d;]*m/g, '');
const states = Object.keys(stateLabels) as ChangeState[];
const reasons = Object.keys(reasonTexts) as Reason[];

type Case = {readonly change?: ChangeView; readonly notices: readonly string[]; readonly columns: number; readonly now: number};

function drawn(c: Case): string[] {
	const ui = render(<ChangeBanner {...(c.change ? {change: c.change} : {})} now={c.now} columns={c.columns} notices={c.notices}/>);
	const frame = ui.lastFrame() ?? '';
	ui.unmount();
	return frame === '' ? [] : strip(frame).split('\n');
}

function check(t: {is(a: unknown, b: unknown, message?: string): void; true(a: boolean, message?: string): void}, c: Case) {
	const lines = bannerLines(c.change, c.notices, c.columns, c.now);
	const rows = drawn(c);
	const where = `${c.change?.state ?? 'no change'} at ${c.columns} columns, ${c.notices.length} notices`;
	t.is(rows.length, lines.length, where);
	for (const [i, line] of lines.entries()) {
		// Lines wider than the box are cut when drawn (the change's first line, the keep line).
		if ([...line.text].length <= c.columns) {
			t.is(rows[i]?.trimEnd(), line.text.trimEnd(), `${where}, line ${i}`);
		} else {
			t.true(rows[i]!.startsWith(line.text.slice(0, c.columns - 1)), `${where}, line ${i} is cut`);
		}
	}

	const whole = (text: string) => visibleLines(text).replaceAll(/\s/g, '');
	const shown = rows.join('').replaceAll(/\s/g, '');
	const wrapped = [...c.notices, ...(c.change && (isTerminal(c.change.state) || retrying(c.change)) ? [outcomeLine(c.change, c.now)] : [])];
	for (const text of wrapped) {
		t.true(shown.includes(whole(text)), `${where}: shown whole: ${text}`);
	}
}

const change = (state: ChangeState, over: Partial<ChangeView> = {}): ChangeView => ({
	id: 'ab12cd',
	dev: 'eth0',
	kind: 'channels',
	state,
	before: {combined: 4},
	after: {combined: 8},
	readback: {combined: 8},
	deadline: 23_000,
	history: ['JOURNALED', 'ARMED', 'APPLYING', 'VERIFYING', state].map((s, at) => ({state: s as ChangeState, at})),
	...over,
});

const longNotice = 'recovery: change 3f9e2a on eth0 was left pending by a hvtop that died; its guard reverted it at the deadline (combined 8 → combined 4)';

test('every state, with and without notices, from narrow to wide: drawn height = counted lines', t => {
	for (const state of states) {
		for (const columns of [10, 20, 50, 80, 120, 200]) {
			for (const notices of [[], ['REVERT FAILED earlier on eth1 (change 99)', longNotice]]) {
				check(t, {change: change(state, {reason: 'deadline', attempts: 2, retryAt: 9000, error: {code: 'EBUSY', errno: 16, message: 'Device or resource busy'}}), notices, columns, now: 1000});
			}
		}
	}

	check(t, {notices: [longNotice], columns: 30, now: 0});
	check(t, {notices: [], columns: 80, now: 0});
});

test('a notice with nothing to read takes no line', t => {
	for (const blank of ['', ' ', '   \n  ']) {
		t.deepEqual(bannerLines(undefined, [blank], 99, 0), []);
		check(t, {notices: [blank], columns: 99, now: 0});
		t.is(bannerLines(change('KEPT'), [blank, 'kept'], 40, 0).length, bannerLines(change('KEPT'), ['kept'], 40, 0).length);
	}
});

const word = fc.constantFrom('a', 'eth0', 'device', 'or', 'resource', 'busy', 'EBUSY', '→', 'x'.repeat(45), '', 'tab\there', 'two\nlines', '\u001B[31mred');
const text = fc.array(word, {maxLength: 30}).map(words => words.join(' '));

const caseArbitrary: fc.Arbitrary<Case> = fc.record({
	state: fc.constantFrom(...states),
	passed: fc.subarray(states),
	reason: fc.option(fc.constantFrom(...reasons), {nil: undefined}),
	message: fc.option(text, {nil: undefined}),
	attempts: fc.nat(4),
	retryAt: fc.option(fc.nat(40_000), {nil: undefined}),
	clamped: fc.boolean(),
	dev: fc.constantFrom('eth0', 'enP30832s1', 'a-rather-long-name0'),
	withChange: fc.boolean(),
	notices: fc.array(fc.oneof(text, text.map(s => `REVERT FAILED ${s}`)), {maxLength: 3}),
	columns: fc.integer({min: 10, max: 200}),
	now: fc.nat(40_000),
}).map(r => ({
	...(r.withChange
		? {change: change(r.state, {
			dev: r.dev,
			history: [...r.passed, r.state].map((state, at) => ({state, at})),
			attempts: r.attempts,
			clamped: r.clamped,
			...(r.reason ? {reason: r.reason} : {}),
			...(r.message === undefined ? {} : {error: {code: 'EBUSY', errno: 16, message: r.message}}),
			...(r.retryAt === undefined ? {} : {retryAt: r.retryAt}),
		})}
		: {}),
	notices: r.notices,
	columns: r.columns,
	now: r.now,
}));

test('any change, any notices, any width: drawn height = counted lines, and the rows are the lines', t => {
	fc.assert(fc.property(caseArbitrary, c => {
		check(t, c);
	}), {numRuns: 600});
});
