import test from 'ava';
import {mana, manaVf, mlx5, mlx5Vf} from '../../source/drivers/index.js';
import {VfDevice} from '../../source/netvsc/vf/index.js';
import {defaultRssKey} from '../../source/netvsc/toeplitz.js';
import {splitCounters} from '../../source/sources/counters.js';

test('a VF\'s -S splits into its driver\'s error counters, in driver order, and no queues of netvsc\'s shape', t => {
	for (const [facts, vfFacts] of [[mana, manaVf], [mlx5, mlx5Vf]] as const) {
		const device = new VfDevice({facts: vfFacts, host: {vcpus: 4, key: defaultRssKey}, name: 'enP1s1'});
		const stats = device.stats();
		if (!stats.ok) {
			throw new Error(stats.error.message);
		}

		const split = splitCounters(stats.value);
		t.deepEqual(split.errors.map(([name]) => name), [...facts.errorStatNames], facts.name);
		t.deepEqual(split.queues, []);
	}
});
