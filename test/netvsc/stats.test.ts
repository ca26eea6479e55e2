import test from 'ava';
import {globalStatNames, statCount, statNames, vfStatNames} from '../../source/netvsc/stats.js';
import {baseline, device, stats, statList, value} from './helpers.js';

test('§13.23 ethtool -S: exactly 144 names (8 channels, 8 CPUs) in the driver order', t => {
	const names = statList(baseline()).map(([name]) => name);
	t.is(names.length, 144);
	t.is(statCount(8, 8), 144);
	t.deepEqual(names.slice(0, 11), [...globalStatNames]);
	// netvsc_stats[] as the driver lists them (netvsc-model.md §5.2), written out so the list cannot drift.
	t.deepEqual(names.slice(0, 11), ['tx_scattered', 'tx_no_memory', 'tx_no_space', 'tx_too_big', 'tx_busy', 'tx_send_full', 'rx_comp_busy', 'rx_no_memory', 'stop_queue', 'wake_queue', 'vlan_error']);
	t.deepEqual(names.slice(11, 16), [...vfStatNames]);
	t.deepEqual(names.slice(16, 24), [
		'tx_queue_0_packets', 'tx_queue_0_bytes', 'tx_queue_0_xdp_xmit', 'rx_queue_0_packets',
		'rx_queue_0_bytes', 'rx_queue_0_xdp_drop', 'rx_queue_0_xdp_redirect', 'rx_queue_0_xdp_tx',
	]);
	t.is(names[16 + (8 * 7)], 'tx_queue_7_packets');
	t.deepEqual(names.slice(80, 88), [
		'cpu0_rx_packets', 'cpu0_rx_bytes', 'cpu0_tx_packets', 'cpu0_tx_bytes',
		'cpu0_vf_rx_packets', 'cpu0_vf_rx_bytes', 'cpu0_vf_tx_packets', 'cpu0_vf_tx_bytes',
	]);
	t.is(names.at(-1), 'cpu7_vf_tx_bytes');
	t.deepEqual(names, statNames(8, [0, 1, 2, 3, 4, 5, 6, 7]));
	t.is(value(device(baseline()).driverInfo()).nStats, 144);
});

test('present CPU ids with gaps are listed as they are', t => {
	t.deepEqual(statNames(1, [0, 2]).slice(24).filter(name => name.endsWith('_rx_packets')), [
		'cpu0_rx_packets', 'cpu0_vf_rx_packets', 'cpu2_rx_packets', 'cpu2_vf_rx_packets',
	]);
});

test('§13.23 cpuN_rx = cpuN_vf_rx + Σ rx_queue over channels whose target CPU is N', t => {
	const machine = baseline();
	machine.advance(15_000);
	for (const name of ['eth0', 'eth1']) {
		const counters = stats(machine, name);
		const cpus = device(machine, name).channelCpu();
		for (let cpu = 0; cpu < 8; cpu++) {
			for (const [direction, queuePrefix] of [['rx', 'rx_queue'], ['tx', 'tx_queue']] as const) {
				for (const unit of ['packets', 'bytes']) {
					let synthetic = 0n;
					for (const [queue, target] of cpus.entries()) {
						if (target === cpu) {
							synthetic += counters.get(`${queuePrefix}_${queue}_${unit}`)!;
						}
					}

					const vf = counters.get(`cpu${cpu}_vf_${direction}_${unit}`)!;
					t.is(counters.get(`cpu${cpu}_${direction}_${unit}`), vf + synthetic, `${name} cpu${cpu} ${direction} ${unit}`);
				}
			}
		}
	}
});

test('vf_* totals are the sums of the cpuN_vf_* counters', t => {
	const machine = baseline();
	machine.advance(8000);
	const counters = stats(machine, 'eth1');
	for (const unit of ['rx_packets', 'rx_bytes', 'tx_packets', 'tx_bytes']) {
		let sum = 0n;
		for (let cpu = 0; cpu < 8; cpu++) {
			sum += counters.get(`cpu${cpu}_vf_${unit}`)!;
		}

		t.is(counters.get(`vf_${unit}`), sum, unit);
		t.true(sum > 0n);
	}
});

test('reset semantics: a change zeroes per-queue counters only, a no-op and a failed check zero nothing', t => {
	const machine = baseline();
	machine.advance(10_000);
	const before = stats(machine, 'eth1');
	value(machine.setChannels('eth1', {combined: 8}, 10_000));
	t.deepEqual(stats(machine, 'eth1'), before, 'no-op');
	t.false(machine.setChannels('eth1', {combined: 99}, 10_000).ok);
	t.deepEqual(stats(machine, 'eth1'), before, 'refused by the core');

	value(machine.setChannels('eth1', {combined: 6}, 10_000));
	const after = stats(machine, 'eth1');
	for (const [name, count] of after) {
		if (/_queue_/.test(name)) {
			t.is(count, 0n, name);
		} else if (/^(vf_|cpu\d+_vf_)/.test(name) || !name.startsWith('cpu')) {
			t.is(count, before.get(name) ?? -1n, name);
		}
	}

	// cpuN_rx now holds only the VF part.
	t.is(after.get('cpu3_rx_packets'), before.get('cpu3_vf_rx_packets'));
});
