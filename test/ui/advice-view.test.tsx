import test from 'ava';
import {render} from 'ink-testing-library';
import {adviseDevice, type Advice} from '../../source/advice/index.js';
import AdviceLine from '../../source/ui/advice-line.js';
import {adviceSummary} from '../../source/views/advice.js';
import AdvicePanel from '../../source/ui/advice-panel.js';
import {scenarioRun} from '../advice/helpers.js';
import {frameLines, sizes, viewLines} from './view-budget.js';

const fewChannelsAdvice = async (): Promise<Advice[]> => adviseDevice((await scenarioRun('few-channels')).input('eth0'));

for (const {columns, rows} of sizes) {
	test(`advice line ${columns}×${rows}: count, most severe title, key`, async t => {
		const advice = await fewChannelsAdvice();
		const ui = render(<AdviceLine advice={advice} columns={columns}/>);
		const frame = ui.lastFrame()!;
		t.is(frameLines(frame).length, 1);
		t.true(frame.length <= columns);
		const hint = columns >= 83 ? 'press a for details' : 'a: details';
		t.regex(frame, new RegExp(`^!! ${advice.length} advice: channels 2 < 16 vCPUs while queue \\d is saturated — ${hint}$`));
		ui.unmount();
	});

	test(`advice panel ${columns}×${rows}: every advice with its numbers, within budget`, async t => {
		const advice = await fewChannelsAdvice();
		const maxLines = viewLines(rows);
		const ui = render(<AdvicePanel advice={advice} device='eth0' columns={columns} maxLines={maxLines}/>);
		const lines = frameLines(ui.lastFrame());
		t.true(lines.length <= maxLines, `${lines.length} lines`);
		t.true(lines.every(l => l.length <= columns));
		t.is(lines[0], `advice for eth0: ${advice.length} — Esc or a closes`);
		t.regex(lines[1]!, /^ALERT channels 2 < 16 vCPUs while queue \d is saturated$/);
		t.regex(lines[2]!, /^ {6}Queue \d's CPU \d+ is saturated \(softirq \d+ % \+ system \d+ %/);
		t.regex(ui.lastFrame()!, /try: combined 16 \(c opens the dialog with it/);
		ui.unmount();
	});
}

test('advice panel scrolls', async t => {
	const advice = await fewChannelsAdvice();
	const ui = render(<AdvicePanel advice={advice} columns={80} maxLines={8} scroll={3}/>);
	const lines = frameLines(ui.lastFrame());
	t.is(lines.length, 8);
	t.regex(lines.at(-1)!, /^lines 4–9 of \d+ \(↑↓ scroll\)$/);
	ui.unmount();
});

test('advice line: blank without advice; short form on narrow terminals', async t => {
	const ui = render(<AdviceLine advice={[]} columns={80}/>);
	t.is(ui.lastFrame(), '');
	ui.unmount();
	const advice = await fewChannelsAdvice();
	const narrow = adviceSummary(advice, 50)!;
	t.true(narrow.text.length <= 50);
	t.regex(narrow.text, /^!! \d advice: channels 2 .*… \(a\)$/);
	t.is(narrow.tone, 'alert');
	t.is(adviceSummary([], 80), undefined);
});

test('advice panel: no advice', t => {
	const ui = render(<AdvicePanel advice={[]} columns={80} maxLines={17}/>);
	t.regex(ui.lastFrame()!, /no advice: nothing on this device matches a rule/);
	ui.unmount();
});

test('advice panel: a reference URL is never cut with an ellipsis, at 80 and at 60 columns', async t => {
	const {sourceLines} = await import('../../source/views/advice.js');
	const url = 'https://learn.microsoft.com/azure/virtual-network/virtual-network-optimize-network-bandwidth';
	for (const columns of [80, 60, 100]) {
		const lines = sourceLines(`${url}; https://docs.kernel.org/networking/scaling.html`, columns);
		t.true(lines.every(l => l.length <= columns), `${columns}: ${lines.join('|')}`);
		t.false(lines.some(l => l.includes('…')));
		t.true(lines.join('').replaceAll(' ', '').includes(url), `${columns}: the URL is whole when the lines are joined`);
	}
});
