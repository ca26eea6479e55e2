import test from 'ava';
import {parseDriverInfo} from '../../source/ethtool/index.js';
import {fixture, run} from './helpers.js';

test('-i 6.1/veth (real capture): empty values with a trailing space', t => {
	t.deepEqual(parseDriverInfo(fixture('6.1/veth/i')), {
		ok: true, value: {driver: 'veth', version: '1.0', firmwareVersion: '', busInfo: ''},
	});
});

test('-i hv_netvsc 5.4 and 6.1', t => {
	t.deepEqual(parseDriverInfo(fixture('5.4/hv_netvsc/i')), {
		ok: true, value: {driver: 'hv_netvsc', version: '5.4.0-1109-azure', firmwareVersion: 'N/A', busInfo: ''},
	});
	t.deepEqual(parseDriverInfo(fixture('6.1/hv_netvsc/i')), {
		ok: true, value: {driver: 'hv_netvsc', version: '6.1.0-18-cloud-amd64', firmwareVersion: 'N/A', busInfo: ''},
	});
});

test('-i: values keep their colons (PCI bus-info); unknown keys are ignored', t => {
	const text = 'driver: mlx5_core\nversion: 6.1.0\nfirmware-version: 16.30.1004 (MT_0000000010)\nbus-info: 0000:00:02.0\nsupports-new-thing: yes\n';
	t.deepEqual(parseDriverInfo(text), {
		ok: true, value: {driver: 'mlx5_core', version: '6.1.0', firmwareVersion: '16.30.1004 (MT_0000000010)', busInfo: '0000:00:02.0'},
	});
});

test('-i: no driver line is EPARSE', t => {
	t.false(parseDriverInfo(run('6.1/veth/i-nodev').stdout).ok);
	t.false(parseDriverInfo('driver: \nversion: 1\n').ok);
});
