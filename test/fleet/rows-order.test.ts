// The fleet dashboard's pure parts on canned Prometheus answers: rows worst
// first with the stale one said, each sort key, the filter, the table fitted
// to 80 columns with the selection marked without colour, and the reducer
// the keymap drives (selection by NIC across a reorder, Enter, Esc, /).
import {readFileSync} from 'node:fs';
import test from 'ava';
import {fleetListLines, windowStart} from '../../source/fleet/list-lines.js';
import {filterRows, fleetSorts, nextSort, sortRows} from '../../source/fleet/order.js';
import {promOneOf, detailQueries} from '../../source/fleet/queries.js';
import {fleetRows, isStale, rowKey, type FleetRow} from '../../source/fleet/rows.js';
import {fleetHelpRows, fleetModesOf} from '../../source/ui/fleet-keys.js';
import {fleetReducer, initialFleetScreen, selectedIndex, type FleetScreen} from '../../source/ui/fleet-state.js';
import {resolve, type KeyFlags} from '../../source/ui/keymap.js';
import {a, b, c, db, fleetAnswers, old} from './fixtures.js';

const rows = fleetRows(fleetAnswers);
const names = (list: readonly FleetRow[]) => list.map(row => `${row.instance.split(':')[0]!} ${row.device ?? '-'}`);

test('worst first: down, dropping, holding a change, few channels with advice; the old target is stale', t => {
	t.deepEqual(names(rows), ['vm-c -', 'vm-a eth0', 'db-1 eth1', 'vm-b eth0', 'db-1 eth0', 'old-1 eth0']);
	t.true(isStale(rows.find(row => row.instance === old)!));
	t.false(isStale(rows.find(row => row.instance === a)!));
	t.like(rows.find(row => row.instance === db && row.device === 'eth1'), {pending: 1, vf: 'enP8', txPps: 80_000});
});

test('each sort key orders by its figure, largest first, a down target last; host by name', t => {
	t.deepEqual(fleetSorts.map((sort, index) => nextSort(fleetSorts.at(index - 1)!) === sort), fleetSorts.map(() => true));
	t.deepEqual(names(sortRows(rows, 'host')), ['db-1 eth0', 'db-1 eth1', 'old-1 eth0', 'vm-a eth0', 'vm-b eth0', 'vm-c -']);
	t.deepEqual(names(sortRows(rows, 'rx')).slice(0, 3), ['db-1 eth0', 'db-1 eth1', 'vm-a eth0']);
	t.deepEqual(names(sortRows(rows, 'tx')).slice(0, 2), ['db-1 eth1', 'db-1 eth0']);
	t.is(names(sortRows(rows, 'rx')).at(-1), 'vm-c -');
	t.deepEqual(names(sortRows(rows, 'imbalance')).slice(0, 2), ['vm-a eth0', 'vm-b eth0']);
	t.deepEqual(names(sortRows(rows, 'advice')).slice(0, 1), ['vm-b eth0']);
	t.deepEqual(names(sortRows(rows, 'worst')), names(rows));
});

test('the filter keeps rows whose host, device or VF holds the text, in any case', t => {
	t.deepEqual(names(filterRows(rows, 'DB')), ['db-1 eth1', 'db-1 eth0']);
	t.deepEqual(names(filterRows(rows, 'enp1')), ['vm-a eth0']);
	t.deepEqual(names(filterRows(rows, 'eth1')), ['db-1 eth1']);
	t.is(filterRows(rows, '  ').length, rows.length);
	t.deepEqual(filterRows(rows, 'nothing-like-it'), []);
});

test('the table fits 80 columns, marks the selection with a pointer, says down and stale in words', t => {
	const lines = fleetListLines({rows, selected: 1, width: 80, height: 20, ascii: true, stale: false});
	t.true(lines.every(line => line.text.length <= 80), lines.map(line => line.text).join('\n'));
	t.regex(lines[0]!.text, /^ {2}HOST\s+NIC\s+CH\/MAX\s+CPUS\s+VF\s+RX\/s\s+TX\/s\s+IMBAL\s+DROP\/s\s+ADV\s+CHG\s+STATE$/);
	t.regex(lines[1]!.text, /^ {2}vm-c:9469\s+-\s+down$/);
	t.like(lines[1], {style: 'problem'});
	t.regex(lines[2]!.text, /^> vm-a:9469\s+eth0\s+16\/16\s+16\s+yes\s+1\.00k\s+500\s+3\.50\s+12\.0\s+0\s+-\s+ok$/);
	t.like(lines[2], {style: 'selected'});
	t.regex(lines.find(line => line.text.includes('vm-b'))!.text, /2\/16!/);
	t.regex(lines.find(line => line.text.includes('old-1'))!.text, /stale 10m$/);
	// The whole screen from an old reading: every row that was up says stale.
	const stale = fleetListLines({rows, selected: 0, width: 80, height: 20, ascii: true, stale: true});
	t.true(stale.slice(1).every(line => /\b(stale|down)$/.test(line.text)));
});

test('a narrow terminal drops the least needed columns first, never the host, drops or state', t => {
	const lines = fleetListLines({rows, selected: 0, width: 50, height: 20, ascii: true, stale: false});
	t.true(lines.every(line => line.text.length <= 50), lines.map(line => line.text).join('\n'));
	t.regex(lines[0]!.text, /HOST\s+NIC.*IMBAL\s+DROP\/s.*STATE/);
	t.notRegex(lines[0]!.text, /CPUS|TX\/s/);
});

test('the window follows the selection and shows the header and as many rows as fit', t => {
	t.is(windowStart(100, 0, 10), 0);
	t.is(windowStart(100, 50, 10), 47);
	t.is(windowStart(100, 99, 10), 90);
	t.is(windowStart(5, 4, 10), 0);
	const many = Array.from({length: 50}, (_, index) => ({instance: `vm-${String(index).padStart(2, '0')}:9469`, device: 'eth0', up: true, advice: 0, pending: 0}));
	const lines = fleetListLines({rows: many, selected: 40, width: 80, height: 10, ascii: false, stale: false});
	t.is(lines.length, 10);
	t.true(lines.some(line => line.text.startsWith('› vm-40')));
});

// A key as the fleet screen takes it: the keymap resolves it in the screen's modes, the reducer applies it.
const press = (screen: FleetScreen, input: string, key: KeyFlags = {}, list = rows): FleetScreen => {
	const action = resolve(fleetModesOf(screen), input, key);
	return action ? fleetReducer(screen, action, {rows: list, window: 5}) : screen;
};

test('keys: ↓ moves the selection, which stays on its NIC when the rows reorder; Enter opens, Esc goes back', t => {
	let screen = press(initialFleetScreen, '', {downArrow: true});
	t.is(screen.selected, rowKey(rows[1]!));
	const reordered = sortRows(rows, 'host');
	t.is(reordered[selectedIndex(screen, reordered)]!.instance, a);
	screen = press(screen, '', {return: true});
	t.deepEqual(screen.detail, {instance: a, device: 'eth0', vf: 'enP1'});
	// In the queues, ↓ and End scroll them, up to their last page (20 lines, 5 on screen).
	const inDetail = (state: FleetScreen, key: KeyFlags) => fleetReducer(state, resolve(fleetModesOf(state), '', key)!, {rows, window: 5, detailLines: 20});
	t.is(inDetail(screen, {downArrow: true}).detailScroll, 1);
	t.is(inDetail(inDetail(screen, {end: true}), {upArrow: true}).detailScroll, 14);
	screen = press(screen, '', {escape: true});
	t.is(screen.detail, undefined);
	// The first row is a target that is down: Enter says why there is nothing to open.
	const down = press(initialFleetScreen, '', {return: true});
	t.is(down.detail, undefined);
	t.is(down.notice, `${c} is down: Prometheus has no queues of it now`);
	t.is(press(initialFleetScreen, '', {end: true}).selected, rowKey(rows.at(-1)!));
	t.is(press(press(initialFleetScreen, '', {pageDown: true}), '', {home: true}).selected, rowKey(rows[0]!));
});

test('keys: / then text filters (q is text there, not quit), Enter keeps it, Esc on the fleet clears it; s sorts; q quits', t => {
	let screen = press(initialFleetScreen, '/');
	t.true(screen.filtering);
	for (const key of 'vq') {
		screen = press(screen, key);
	}

	t.false(screen.quit);
	screen = press(screen, '', {backspace: true});
	screen = press(screen, '', {return: true});
	t.like(screen, {filter: 'v', filtering: false});
	t.like(press(screen, '', {escape: true}), {filter: ''});
	t.is(press(screen, 's').sort, 'host');
	t.true(press(screen, 'q').quit);
	t.is(resolve(fleetModesOf(screen), 'r', {})?.type, 'fleetRefresh');
	t.true(press(press(screen, '?'), 'q').showHelp === false);
});

test('the fleet help comes from the keymap: every key with its words, and the filter line', t => {
	const help = fleetHelpRows();
	t.deepEqual(help.map(row => row.keys), ['?  F1', 'q  F10  Ctrl-C', 'Enter', 'Esc  Backspace', 's', '/', 'r', '↑ ↓ PgUp PgDn', 'Enter Esc']);
	t.true(help.every(row => row.help.length > 0));
	void b;
});

test('the README\'s fleet keys table is the fleet help, row for row', t => {
	const section = readFileSync('README.md', 'utf8').split('### The fleet view\n')[1]!.split(/\n## /)[0]!;
	const cells = (line: string) => line.split('|').slice(1, -1).map(cell => cell.trim());
	const rows = section.split('\n').filter(line => line.startsWith('| ') && !line.startsWith('| key |') && !line.startsWith('| ---')).map(line => cells(line));
	const same = (text: string) => text.replaceAll('`', '').replaceAll(/\s+/g, ' ').trim();
	t.deepEqual(rows.map(([keys, help]) => [same(keys!), help]), fleetHelpRows().map(row => [same(row.keys), row.help]));
});

test('the range queries name the NIC and its VF exactly (label values escaped, regex metacharacters too)', t => {
	t.is(promOneOf(['eth0', 'enP1.5']), String.raw`"eth0|enP1\\.5"`);
	const queries = detailQueries('vm-"x":9469', 'eth0', 'enP1', 15);
	t.is(queries.queues, String.raw`sum by (device, role, queue, direction) (rate(hvtop_queue_packets_total{instance="vm-\"x\":9469", device=~"eth0|enP1"}[60s]))`);
	t.is(queries.cpus, String.raw`sum by (cpu, direction) (rate(hvtop_cpu_packets_total{instance="vm-\"x\":9469", device="eth0"}[60s]))`);
});
