import test from 'ava';
import {createMachine} from '../../source/netvsc/index.js';
import {ringLimits, sectionsGranted} from '../../source/netvsc/rings.js';
import {baseline, device, failsWith, scenarioSpec, stat, value} from './helpers.js';

test('§13.17 ethtool -g: RX max 18811, TX max 2560, RX 9709, TX 170, in sections of 1728/6144 bytes', t => {
	t.deepEqual(value(device(baseline()).rings()), {
		rxMax: 18_811,
		txMax: 2560,
		rx: 9709,
		tx: 170,
		unit: 'sections',
		rxSectionBytes: 1728,
		txSectionBytes: 6144,
	});
});

test('a legacy host (NVSP ≤ 2) caps the receive buffer at 15 MiB: RX max 9102', t => {
	t.deepEqual(ringLimits(0x3_00_02, {recv: 1728, send: 6144}), {rxMax: 9102, txMax: 2560});
	t.deepEqual(ringLimits(0x4_00_00, {recv: 1728, send: 6144}), {rxMax: 18_811, txMax: 2560});
});

test('§13.18 rx 20000 → EINVAL "requested ring size exceeds maximum"', t => {
	const machine = baseline();
	failsWith(t, machine.setRings('eth0', {rx: 20_000}, 0), 'EINVAL', 'requested ring size exceeds maximum');
	failsWith(t, machine.setRings('eth0', {tx: 2561}, 0), 'EINVAL', 'requested ring size exceeds maximum');
	t.is(value(device(machine).rings()).rx, 9709);
	t.is(device(machine).epoch, 0);
});

test('§13.19 tx 5 → success, tx 10 (clamped), full re-add: per-queue counters reset, carrier flap', t => {
	const machine = baseline();
	machine.advance(4000);
	t.true(stat(machine, 'tx_queue_1_packets') > 0n);
	const rings = value(machine.setRings('eth0', {tx: 5}, 4000));
	t.is(rings.tx, 10);
	t.is(rings.rx, 9709);
	const eth0 = device(machine);
	t.is(eth0.epoch, 1);
	t.is(stat(machine, 'tx_queue_1_packets'), 0n);
	t.is(eth0.link(4400).carrierChanges, 2);
	t.is(value(eth0.channels()).combined, 8, 'channels are re-created with the same count');
	// rx 0 is raised to 10 as well (the send buffer is exact, the receive buffer rounds up to a page).
	t.is(value(machine.setRings('eth0', {rx: 0}, 5000)).rx, sectionsGranted(10, 1728, 31 * 1024 * 1024));
});

test('§13.20 rx 9709 tx 170 (unchanged) → success, no re-add', t => {
	const machine = baseline();
	machine.advance(2000);
	const before = stat(machine, 'rx_queue_2_packets');
	t.is(value(machine.setRings('eth0', {rx: 9709, tx: 170}, 2000)).tx, 170);
	t.is(device(machine).epoch, 0);
	t.is(stat(machine, 'rx_queue_2_packets'), before);
	// Same after the driver's clamp: tx 5 when tx is already 10 changes nothing either.
	value(machine.setRings('eth0', {tx: 10}, 3000));
	t.is(device(machine).epoch, 1);
	value(machine.setRings('eth0', {tx: 5}, 4000));
	t.is(device(machine).epoch, 1);
});

test('§13.21 rx-jumbo 1 → EINVAL; rx-buf-len 2048 → EOPNOTSUPP "setting rx buf len not supported"', t => {
	const machine = baseline();
	failsWith(t, machine.setRings('eth0', {rxJumbo: 1}, 0), 'EINVAL', 'requested ring size exceeds maximum');
	failsWith(t, machine.setRings('eth0', {rxMini: 1}, 0), 'EINVAL', 'requested ring size exceeds maximum');
	failsWith(t, machine.setRings('eth0', {rxBufLen: 2048}, 0), 'EOPNOTSUPP', 'setting rx buf len not supported');
	t.is(device(machine).epoch, 0);
});

test('sections read back as the page-rounded buffer holds them', t => {
	t.is(sectionsGranted(9709, 1728, 31 * 1024 * 1024), 9709);
	t.is(sectionsGranted(18_811, 1728, 31 * 1024 * 1024), 18_811);
	t.is(sectionsGranted(1024, 1728, 31 * 1024 * 1024), 1024);
	t.is(sectionsGranted(10, 1728, 31 * 1024 * 1024), 11);
	for (const tx of [10, 11, 170, 1024, 2560]) {
		t.is(sectionsGranted(tx, 6144, 15 * 1024 * 1024), tx);
	}
});

test('the Microsoft-recommended rx 1024 tx 1024 applies (smaller receive buffer, larger send buffer)', t => {
	const machine = baseline();
	const rings = value(machine.setRings('eth0', {rx: 1024, tx: 1024}, 0));
	t.deepEqual([rings.rx, rings.tx], [1024, 1024]);
});

test('small rings make bursts overflow: tx_send_full and rx_comp_busy rise, and recover after enlarging', t => {
	const machine = createMachine(scenarioSpec('small-rings'), {seed: 11});
	machine.advance(10_000);
	t.true(stat(machine, 'tx_send_full') > 10_000n);
	t.true(stat(machine, 'rx_comp_busy') > 0n);
	value(machine.setRings('eth0', {rx: 9709, tx: 1024}, 10_000));
	const sendFull = stat(machine, 'tx_send_full');
	const compBusy = stat(machine, 'rx_comp_busy');
	machine.advance(20_000);
	t.is(stat(machine, 'tx_send_full'), sendFull);
	t.is(stat(machine, 'rx_comp_busy'), compBusy);
	t.true(stat(machine, 'rx_queue_0_packets') > 0n);
});
