import test from 'ava';
import {helpText} from '../../source/help-text.js';
import {isViewName, mainView, viewByName, viewNames, views} from '../../source/views/registry.js';

test('registry: one entry per view, keys 1… in order, names and keys unique', t => {
	t.deepEqual([...viewNames], ['queues', 'cpus', 'rss', 'vf', 'counters', 'history']);
	t.deepEqual(views.map(v => v.key), views.map((_v, i) => String(i + 1)));
	t.is(new Set(views.map(v => v.title)).size, views.length);
	t.is(mainView.name, 'queues');
	t.is(viewByName('rss').title, 'RSS table');
	t.true(isViewName('vf'));
	t.false(isViewName('disks'));
});

test('registry: --help lists every view by name, the main one as the default', t => {
	const [first, ...rest] = viewNames;
	const list = `${first} (default), ${rest.slice(0, -1).join(', ')} or ${rest.at(-1)}`;
	t.regex(helpText, new RegExp(`--view NAME +${list.replaceAll(/[()]/g, String.raw`\$&`)}:`));
});
