// The VF drivers' stat names (source/drivers/mana.ts, mlx5.ts) against the
// queue-name table (source/drivers/queue-stats): every per-queue name the VF
// model emits is taken as a counter of its queue, and the model's packet and
// byte names land in that queue's packets and bytes.
import test from 'ava';
import {manaVf, mlx5Vf} from '../../source/drivers/index.js';
import * as mana from '../../source/drivers/mana.js';
import * as mlx5 from '../../source/drivers/mlx5.js';
import {splitQueueStats} from '../../source/drivers/queue-stats/index.js';
import type {Stat} from '../../source/types.js';

const channels = 5;
const drivers = [
	{facts: manaVf, perQueue: [...mana.rxQueueStatPatterns, ...mana.txQueueStatPatterns]},
	{facts: mlx5Vf, perQueue: [...mlx5.channelStatPatterns, ...mlx5.rxQueueStatPatterns, ...mlx5.txQueueStatPatterns]},
] as const;

for (const {facts, perQueue} of drivers) {
	test(`${facts.name}: every per-queue name is a queue counter, every other name a device counter`, t => {
		const names = facts.statNames(channels);
		// Distinct values, so a counter landing in the wrong place shows.
		const stats: Stat[] = names.map((name, i) => [name, BigInt(1000 + i)]);
		const split = splitQueueStats(stats, facts.name);
		t.deepEqual(split.queues.map(queue => queue.index), [0, 1, 2, 3, 4]);
		const perQueueNames = new Set(Array.from({length: channels}, (_, q) => perQueue.map(pattern => pattern.replace('%', String(q)))).flat());
		const totals = new Set(split.totals.map(([name]) => name));
		for (const name of names) {
			t.is(totals.has(name), !perQueueNames.has(name), name);
		}

		const valueOf = new Map(stats);
		for (const queue of split.queues) {
			const q = queue.index;
			t.is(queue.rx?.packets, valueOf.get(facts.queueStat.rxPackets(q)), `${facts.name} rx ${q}`);
			t.is(queue.rx?.bytes, valueOf.get(facts.queueStat.rxBytes(q)));
			t.is(queue.tx?.packets, valueOf.get(facts.queueStat.txPackets(q)));
			t.is(queue.tx?.bytes, valueOf.get(facts.queueStat.txBytes(q)));
		}

		// The ring-exhaustion and total counters the model fills are device counters.
		for (const name of [facts.rxNoBufferStat, ...Object.values(facts.totalStats)]) {
			t.true(totals.has(name), name);
		}
	});
}
