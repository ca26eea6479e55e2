// The RSS kind's plan against netvsc's rules (Toeplitz only, refused on one
// channel, every entry below the channel count, the device's table size and key
// length), its `hvtop set` arguments, the ethtool form a revert writes, and the
// channels plan that sees a table set by hand.
import test from 'ava';
import {planChange, kindOf, restoreCommand} from '../../source/tuning/kinds/index.js';
import {planRss, rssRequestOf, type RssReading} from '../../source/tuning/kinds/rss.js';
import {planChannels, type ChannelsReading} from '../../source/tuning/kinds/channels.js';
import {equalTable, spreadOf, weightTable} from '../../source/ethtool/rxfh.js';
import {argv} from '../../source/ethtool/argv.js';
import type {Result, Rss} from '../../source/types.js';
import type {DeviceSnapshot} from '../../source/sources/source.js';
import {netvscChannels} from './helpers/model-device.js';

const key = Array.from({length: 40}, (_, i) => (i * 7).toString(16).padStart(2, '0').slice(-2)).join(':');
const rssOf = (table: readonly number[], extra: Partial<Rss> = {}): Rss => ({table, key, hfunc: 'toeplitz', ...extra});
const reading = (queues: number, table = equalTable(128, queues), extra: Partial<Rss> = {}): Result<RssReading> =>
	({ok: true, value: {rss: rssOf(table, extra), queues}});

const problemOf = (result: ReturnType<typeof planRss>) => (result.ok ? undefined : result.problem);

test('equal N becomes the full table, with what moves, and keeps the key', t => {
	const result = planRss('eth0', reading(8), {spread: 'equal', equal: '4'});
	t.true(result.ok);
	if (!result.ok) {
		return;
	}

	t.deepEqual(result.plan.after.table, equalTable(128, 4));
	t.is(result.plan.after.key, key);
	t.is(result.plan.after.rssQueues, 8);
	t.deepEqual(result.plan.request, {equal: 4});
	const effects = result.plan.effects.join('\n');
	t.regex(effects, /table entries of 128 point at another queue/);
	t.regex(effects, /no re-add/);
	t.regex(result.plan.warnings.join('\n'), /cannot shrink below its highest queue until it is reset \(hvtop set rss eth0 default\)/);
});

test('bounds: every entry below the channel count, weights that fit the table, a key of the device\'s length', t => {
	for (const [input, pattern, kind] of [
		[{spread: 'equal', equal: '9'}, /below eth0's 8 RX rings.*equal 9 would use queue 8/, 'usage'],
		[{spread: 'equal', equal: '0'}, /at least 1/, 'usage'],
		[{spread: 'equal', equal: 'x'}, /whole number/, 'usage'],
		[{spread: 'weight', weight: '0 0'}, /At least one weight must be non-zero/, 'usage'],
		[{spread: 'weight', weight: '100 100'}, /Total weight exceeds the size of the indirection table \(200 > 128/, 'usage'],
		[{spread: 'weight', weight: '1 1 1 1 1 1 1 1 1'}, /a weight for queue 8 is not allowed/, 'usage'],
		[{key: '6d:5a'}, /is 40 bytes; hkey has 2/, 'usage'],
		[{key: 'zz:5a'}, /hex bytes separated by colons/, 'usage'],
		[{}, /give equal N, weight/, 'usage'],
	] as const) {
		const found = problemOf(planRss('eth0', reading(8), input));
		t.is(found?.kind, kind, JSON.stringify(input));
		t.regex(found?.message ?? '', pattern, JSON.stringify(input));
	}

	// Zero weights past the last queue reference nothing: ethtool and the kernel accept them.
	t.true(planRss('eth0', reading(4), {spread: 'weight', weight: '1 1 2 2 0 0'}).ok);
	t.is(problemOf(planRss('eth0', reading(8), {spread: 'equal', equal: '9'}))?.error?.code, 'EINVAL');
});

test('refusals: one channel, no table, not Toeplitz, a table no ethtool form writes back, an unreadable table', t => {
	const one = problemOf(planRss('eth0', reading(1), {spread: 'equal', equal: '1'}));
	t.is(one?.kind, 'refused');
	t.is(one?.error?.code, 'EOPNOTSUPP');
	t.regex(one?.message ?? '', /single channel/);
	t.regex(problemOf(planRss('eth0', reading(4, []), {spread: 'default'}))?.message ?? '', /no RSS indirection table/);
	t.regex(problemOf(planRss('eth0', reading(4, equalTable(128, 4), {hfunc: 'xor'}), {spread: 'default'}))?.message ?? '', /hashes with xor/);
	const scrambled = equalTable(128, 4).reverse();
	t.regex(problemOf(planRss('eth0', reading(4, scrambled), {spread: 'default'}))?.message ?? '', /not one ethtool -X can write back/);
	const unreadable = problemOf(planRss('veth0', {ok: false, error: {code: 'EOPNOTSUPP', errno: 95, message: 'Operation not supported'}}, {spread: 'default'}));
	t.is(unreadable?.kind, 'refused');
	t.regex(unreadable?.message ?? '', /cannot read veth0's RSS table: Operation not supported/);
});

test('unchanged: the same table and key; default over a hand-set default table still clears the "set by hand" flag', t => {
	t.is(problemOf(planRss('eth0', reading(8), {spread: 'equal', equal: '8'}))?.kind, 'unchanged');
	t.is(problemOf(planRss('eth0', reading(8), {key}))?.kind, 'unchanged');
	t.true(planRss('eth0', reading(8, equalTable(128, 8), {configured: true}), {spread: 'default'}).ok);
});

test('a key alone, or with a table form', t => {
	const other = key.replace(/^00/, 'ff');
	const alone = planRss('eth0', reading(8), {key: other.toUpperCase()});
	t.true(alone.ok && alone.plan.after.key === other && alone.plan.request['key'] === other);
	const both = planRss('eth0', reading(8), {spread: 'weight', weight: '2 1', key: other});
	t.true(both.ok);
	if (both.ok) {
		t.deepEqual(both.plan.request, {weight: [2, 1], key: other});
		t.deepEqual(both.plan.after.table, weightTable(128, [2, 1]));
	}
});

test('hvtop set rss arguments: equal, weight, default, hkey; one table form', t => {
	const parse = (words: string[]) => kindOf('rss').parseArgs(words, new Map());
	const problemText = (words: string[]): string => {
		const parsed = parse(words);
		return typeof parsed === 'string' ? parsed : '(parsed)';
	};

	t.deepEqual(parse(['equal', '4']), {spread: 'equal', equal: '4'});
	t.deepEqual(parse(['weight', '1', '1', '2', 'hkey', key]), {spread: 'weight', weight: '1 1 2', key});
	t.deepEqual(parse(['default']), {spread: 'default'});
	t.deepEqual(parse(['hkey', key]), {key});
	t.regex(problemText(['equal', '4', 'default']), /exclude each other/);
	t.regex(problemText(['equal']), /equal needs a value/);
	t.regex(problemText(['spread']), /unexpected argument "spread"/);
	t.regex(problemText([]), /give equal N/);
});

test('a revert writes the old table in the one ethtool form that gives it; restore says the same', t => {
	t.deepEqual(spreadOf(equalTable(128, 8), 8), {form: 'default'});
	t.deepEqual(spreadOf(equalTable(128, 4), 8), {form: 'equal', queues: 4});
	const skewed = weightTable(128, [4, 1, 1, 1, 1, 1, 1, 1]);
	const spread = spreadOf(skewed, 8);
	t.is(spread?.form, 'weight');
	// Run lengths rebuild the same table.
	t.deepEqual(spread?.form === 'weight' ? weightTable(128, spread.weights) : [], skewed);
	t.deepEqual(rssRequestOf({table: equalTable(128, 8), key, rssQueues: 8}), {reset: true, key});
	t.deepEqual(rssRequestOf({table: equalTable(128, 2), key, rssQueues: 8}), {equal: 2, key});
	t.deepEqual(rssRequestOf({spread: 'default'}), {reset: true});
	t.deepEqual(rssRequestOf({weight: [1, 2]}), {weights: [1, 2]});
	const unwritable = rssRequestOf({table: [1, 0, 1, 0], rssQueues: 2});
	t.regex(typeof unwritable === 'string' ? unwritable : '(a request)', /cannot be written/);
	t.is(restoreCommand({dev: 'eth0', kind: 'rss', before: {table: equalTable(128, 8), key, rssQueues: 8}}), `ethtool -X eth0 default hkey ${key}`);
	t.regex(restoreCommand({dev: 'eth0', kind: 'rss', before: {table: skewed, key, rssQueues: 8}}), /^ethtool -X eth0 weight 46 12 11 12 12 11 12 12 hkey /);
});

test('argv: ethtool -X as an argument array, one form and/or hkey', t => {
	t.deepEqual(argv.setRxfh('eth0', {equal: 4}), ['-X', 'eth0', 'equal', '4']);
	t.deepEqual(argv.setRxfh('eth0', {weights: [1, 2], key: 'ab:cd'}), ['-X', 'eth0', 'weight', '1', '2', 'hkey', 'ab:cd']);
	t.deepEqual(argv.setRxfh('eth0', {reset: true}), ['-X', 'eth0', 'default']);
	t.throws(() => argv.setRxfh('eth0', {}));
	t.throws(() => argv.setRxfh('eth0', {equal: 2, reset: true}));
	t.throws(() => argv.setRxfh('eth0', {key: 'ab;rm -rf'}));
});

const snapshotWith = (rss: Rss, combined: number): DeviceSnapshot => ({
	channels: {ok: true, value: netvscChannels(combined, 8)},
	rss: {ok: true, value: rss},
} as unknown as DeviceSnapshot);

test('channels: a table set by hand that uses queue 7 refuses a shrink below 8, and says how to reset it', t => {
	const skewed = weightTable(128, [4, 1, 1, 1, 1, 1, 1, 1]);
	const refused = planChange('channels', 'eth0', snapshotWith(rssOf(skewed), 8), {count: '4'});
	t.false(refused.ok);
	if (!refused.ok) {
		t.is(refused.problem.kind, 'refused');
		t.is(refused.problem.error?.code, 'EINVAL');
		t.regex(refused.problem.message, /requested channel counts are too low for existing indirection table \(7\)/);
		t.regex(refused.problem.message, /reset the table first: hvtop set rss eth0 default/);
	}

	// Growing is fine; the driver's own table (flag unknown, round-robin) follows the change.
	t.true(planChange('channels', 'eth0', snapshotWith(rssOf(equalTable(128, 4)), 4), {count: '8'}).ok);
	t.true(planChange('channels', 'eth0', snapshotWith(rssOf(equalTable(128, 8)), 8), {count: '4'}).ok);
	// The model says when a round-robin table was set by hand (equal 8): that one refuses too.
	t.false(planChange('channels', 'eth0', snapshotWith(rssOf(equalTable(128, 8), {configured: true}), 8), {count: '4'}).ok);
	// A hand-set table over queues 0–3 allows 4 but not 3.
	const reading4: ChannelsReading = {...netvscChannels(8, 8), tableInUse: 3};
	t.true(planChannels('eth0', {ok: true, value: reading4}, '4').ok);
	t.false(planChannels('eth0', {ok: true, value: reading4}, '3').ok);
});
