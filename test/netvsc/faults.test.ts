import test from 'ava';
import {baseline, device, failsWith, stat, statList, value} from './helpers.js';

test('§13.7 combined 8 when the host grants only 5 sub-channels → success, combined 6', t => {
	const machine = baseline();
	value(machine.setChannels('eth0', {combined: 4}, 0));
	value(machine.injectFault('eth0', {kind: 'grant-fewer', subChannels: 5}));
	const channels = value(machine.setChannels('eth0', {combined: 8}, 1000));
	t.is(channels.combined, 6);
	t.is(channels.maxCombined, 8);
	t.is(device(machine).channelCpu().length, 6);
	t.is(statList(machine).length, 11 + 5 + (8 * 6) + 64);
	// The table was filled for 8 before the host answered: entries 6 and 7 name sub-channels that do not exist.
	t.deepEqual(value(device(machine).rss()).table.slice(0, 8), [0, 1, 2, 3, 4, 5, 6, 7]);
	t.deepEqual(value(device(machine).registers()).txTable, Array.from({length: 16}, (_, i) => i % 6));
	// The fault was consumed: the next change gets everything.
	t.is(value(machine.setChannels('eth0', {combined: 7}, 2000)).combined, 7);
});

test('§13.8 the host refuses the sub-channel request → success, combined 1, max 1 until the next add', t => {
	const machine = baseline();
	value(machine.injectFault('eth0', {kind: 'refuse-subchannels'}));
	const channels = value(machine.setChannels('eth0', {combined: 4}, 0));
	t.deepEqual([channels.combined, channels.maxCombined], [1, 1]);
	failsWith(t, machine.setChannels('eth0', {combined: 4}, 1000), 'EINVAL', 'requested channel count exceeds maximum');
	// Everything arrives on queue 0 (no RSS on the host).
	machine.advance(5000);
	t.true(stat(machine, 'rx_queue_0_packets') > 0n);
	// A ring change re-adds the device: max is recomputed, the count stays 1, and then 4 works.
	value(machine.setRings('eth0', {tx: 256}, 5000));
	const again = value(device(machine).channels());
	t.deepEqual([again.combined, again.maxCombined], [1, 8]);
	t.is(value(machine.setChannels('eth0', {combined: 4}, 6000)).combined, 4);
});

test('§13.9 attach with the new count fails (ENOMEM) and the restore works → ENOMEM, old count, queues zero', t => {
	const machine = baseline();
	machine.advance(5000);
	t.true(stat(machine, 'rx_queue_0_packets') > 0n);
	value(machine.injectFault('eth0', {kind: 'attach-fails', errno: 'ENOMEM'}));
	const result = machine.setChannels('eth0', {combined: 4}, 5000);
	failsWith(t, result, 'ENOMEM', 'Cannot allocate memory');
	if (!result.ok) {
		t.is(result.error.errno, 12);
	}

	const eth0 = device(machine);
	t.is(value(eth0.channels()).combined, 8);
	t.is(stat(machine, 'rx_queue_0_packets'), 0n);
	t.is(eth0.epoch, 1);
	t.true(eth0.present);
	t.is(eth0.link(6000).carrierChanges, 2);
	t.true(eth0.link(6000).carrier);
	machine.advance(10_000);
	t.true(stat(machine, 'rx_queue_7_packets') > 0n);
});

test('§13.9 a failed ring change restores the old sections', t => {
	const machine = baseline();
	value(machine.injectFault('eth0', {kind: 'attach-fails'}));
	failsWith(t, machine.setRings('eth0', {rx: 2048}, 0), 'ENOMEM');
	t.is(value(device(machine).rings()).rx, 9709);
});

test('§13.10 attach and restore both fail → error; afterwards -l/-S/-g → ENODEV; the interface is still listed', t => {
	const machine = baseline();
	machine.advance(2000);
	value(machine.injectFault('eth0', {kind: 'attach-and-restore-fail', errno: 'EIO'}));
	failsWith(t, machine.setChannels('eth0', {combined: 4}, 2000), 'EIO');
	const eth0 = device(machine);
	failsWith(t, eth0.channels(), 'ENODEV');
	failsWith(t, eth0.stats(), 'ENODEV');
	failsWith(t, eth0.rings(), 'ENODEV');
	failsWith(t, eth0.driverInfo(), 'ENODEV');
	failsWith(t, eth0.rss(), 'ENODEV');
	failsWith(t, eth0.features(), 'ENODEV');
	failsWith(t, eth0.linkSettings(), 'ENODEV');
	failsWith(t, machine.setChannels('eth0', {combined: 8}, 3000), 'ENODEV');
	failsWith(t, machine.setRings('eth0', {rx: 100}, 3000), 'ENODEV');
	// It can be taken down, but not brought up again (netvsc_open needs a netvsc_device).
	value(machine.setAdminUp('eth0', false, 3000));
	failsWith(t, machine.setAdminUp('eth0', true, 3000), 'ENODEV');
	t.true(machine.devices().includes('eth0'));
	t.false(eth0.present);
	t.false(eth0.link(5000).carrier);
	t.is(eth0.link(5000).carrierChanges, 1);
	t.deepEqual(eth0.channelCpu(), []);
	// The other device is unaffected and the machine keeps running.
	machine.advance(10_000);
	t.true(stat(machine, 'vf_rx_packets', 'eth1') > 0n);
});

test('drain timeout: ETIMEDOUT after ~10 s holding RTNL; old channels kept; synthetic traffic stops until a later change', t => {
	const machine = baseline();
	machine.advance(1000);
	value(machine.injectFault('eth0', {kind: 'drain-timeout'}));
	failsWith(t, machine.setChannels('eth0', {combined: 4}, 1000), 'ETIMEDOUT');
	t.is(machine.rtnlFreeAt(1000), 11_000);
	const eth0 = device(machine);
	t.is(value(eth0.channels()).combined, 8);
	t.is(eth0.epoch, 0);
	t.true(eth0.link(2000).carrier, 'detach never got to the carrier');
	const stuck = stat(machine, 'rx_queue_0_packets');
	machine.advance(11_000);
	t.is(stat(machine, 'rx_queue_0_packets'), stuck);
	// The next change goes through and brings traffic back.
	t.is(value(machine.setChannels('eth0', {combined: 4}, 11_000)).combined, 4);
	machine.advance(15_000);
	t.true(stat(machine, 'rx_queue_0_packets') > 0n);
});

test('persistent faults apply to every change until cleared; one-shot ones queue up', t => {
	const machine = baseline();
	value(machine.injectFault('eth0', {kind: 'grant-fewer', subChannels: 1}, true));
	t.is(value(machine.setChannels('eth0', {combined: 4}, 0)).combined, 2);
	t.is(value(machine.setChannels('eth0', {combined: 6}, 1000)).combined, 2);
	value(machine.clearFaults('eth0'));
	t.is(value(machine.setChannels('eth0', {combined: 6}, 2000)).combined, 6);

	value(machine.injectFault('eth0', {kind: 'attach-fails'}));
	value(machine.injectFault('eth0', {kind: 'attach-fails', errno: 'EIO'}));
	failsWith(t, machine.setChannels('eth0', {combined: 3}, 3000), 'ENOMEM');
	failsWith(t, machine.setChannels('eth0', {combined: 3}, 4000), 'EIO');
	t.is(value(machine.setChannels('eth0', {combined: 3}, 5000)).combined, 3);
});

test('a no-op or refused request does not consume a fault', t => {
	const machine = baseline();
	value(machine.injectFault('eth0', {kind: 'attach-fails'}));
	value(machine.setChannels('eth0', {combined: 8}, 0));
	failsWith(t, machine.setChannels('eth0', {combined: 0}, 0), 'EINVAL');
	failsWith(t, machine.setChannels('eth0', {combined: 3}, 0), 'ENOMEM');
});

test('injecting into an unknown device or a bad grant is an error', t => {
	const machine = baseline();
	failsWith(t, machine.injectFault('eth7', {kind: 'refuse-subchannels'}), 'ENODEV', 'no such device: eth7');
	failsWith(t, machine.injectFault('eth0', {kind: 'grant-fewer', subChannels: -1}), 'EINVAL');
});

test('fail: the request fails with the errno before the driver detaches anything (device and counters untouched)', t => {
	const machine = baseline();
	machine.advance(5000);
	value(machine.injectFault('eth0', {kind: 'fail', errno: 'EBUSY'}));
	failsWith(t, machine.setChannels('eth0', {combined: 4}, 5000), 'EBUSY', 'Device or resource busy');
	const eth0 = device(machine);
	t.is(value(eth0.channels()).combined, 8);
	t.is(eth0.epoch, 0, 'no re-add: the queues were not re-created');
	t.true(stat(machine, 'rx_queue_0_packets') > 0n, 'counters not reset');
	t.is(value(machine.setChannels('eth0', {combined: 4}, 6000)).combined, 4, 'consumed by that one request');
});

test('hang: the model marks the request as never answered and leaves the device as it was', t => {
	const machine = baseline();
	value(machine.injectFault('eth0', {kind: 'hang'}));
	const eth0 = device(machine);
	t.is(eth0.hangs, 0);
	t.false(machine.setRings('eth0', {tx: 256}, 1000).ok);
	t.is(eth0.hangs, 1);
	t.is(value(eth0.channels()).combined, 8);
	t.is(eth0.epoch, 0);
	t.true(machine.setRings('eth0', {tx: 256}, 2000).ok, 'the next request is answered');
	t.is(eth0.hangs, 1);
});
