// The header's mark for a kept change not yet made to last: it names the
// setting, goes once persisted, and is not shown for a kind hvtop cannot
// persist (irq-cpu: p says why) nor for a change not kept.
import test from 'ava';
import {render} from 'ink-testing-library';
import Header from '../../source/ui/header.js';
import {keptNotPersisted} from '../../source/ui/use-persist.js';
import type {ChangeView} from '../../source/tuning/types.js';
import {fakeSnapshot} from '../helpers/fake-source.js';
import {frameLines} from './view-budget.js';

const change = (kind: ChangeView['kind'], state: ChangeView['state'] = 'KEPT') => ({id: `c-${kind}`, kind, state, dev: 'eth0'}) as unknown as ChangeView;

test('the mark names the kept setting until it is persisted; none for irq-cpu or a change not kept', t => {
	t.is(keptNotPersisted(change('vf-rss'), new Set()), 'vf-rss');
	t.is(keptNotPersisted(change('channels'), new Set()), 'channels');
	t.is(keptNotPersisted(change('channels'), new Set(['c-channels'])), undefined);
	t.is(keptNotPersisted(change('irq-cpu'), new Set()), undefined);
	t.is(keptNotPersisted(change('channels', 'REVERTED'), new Set()), undefined);
	t.is(keptNotPersisted(undefined, new Set()), undefined);
});

test('the header\'s title line says which setting is kept but not persisted, within 80 columns', t => {
	const ui = render(<Header host='vm' sourceLabel='LIVE — 1 hv_netvsc device' isModel={false} devices={['eth0']} deviceIndex={0} snapshot={fakeSnapshot({name: 'eth0', rxPps: [1]}, 1000)} paused={false} intervalMs={1000} notPersisted='vf-rss'/>);
	const title = frameLines(ui.lastFrame())[0]!;
	t.regex(title, /kept, not persisted: vf-rss \(p\)$/);
	t.true(title.length <= 80, title);
	ui.unmount();
});
