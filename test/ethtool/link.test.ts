import test from 'ava';
import {parseLinkSettings} from '../../source/ethtool/index.js';
import {fixture, run} from './helpers.js';

test('base 6.1/veth (real capture, netlink order)', t => {
	t.deepEqual(parseLinkSettings(fixture('6.1/veth/base')), {
		ok: true, value: {speedMbps: 10_000, duplex: 'full', carrier: true},
	});
});

test('base 6.1/veth as non-root: data on stdout still parses', t => {
	const {stdout, exitCode} = run('6.1/veth/base-nonroot');
	t.is(exitCode, 0);
	t.deepEqual(parseLinkSettings(stdout), {ok: true, value: {speedMbps: 10_000, duplex: 'full', carrier: true}});
});

test('base hv_netvsc 5.4 (ioctl order) and 6.1', t => {
	t.deepEqual(parseLinkSettings(fixture('5.4/hv_netvsc/base')), {
		ok: true, value: {speedMbps: 40_000, duplex: 'full', carrier: true},
	});
	t.deepEqual(parseLinkSettings(fixture('6.1/hv_netvsc/base')), {
		ok: true, value: {speedMbps: 50_000, duplex: 'full', carrier: true},
	});
});

test('base --json 6.11', t => {
	t.deepEqual(parseLinkSettings(fixture('6.11/hv_netvsc/base.json')), {
		ok: true, value: {speedMbps: 100_000, duplex: 'full', carrier: true},
	});
});

test('base: Unknown! speed and duplex, link down with a reason', t => {
	const text = 'Settings for eth0:\n\tSpeed: Unknown!\n\tDuplex: Unknown! (255)\n\tLink detected: no (No cable)\n';
	t.deepEqual(parseLinkSettings(text), {ok: true, value: {duplex: 'unknown', carrier: false}});
	t.deepEqual(parseLinkSettings('\tDuplex: Half\n'), {ok: true, value: {duplex: 'half'}});
});

test('base: device gone (`No data available` on stdout) is EPARSE', t => {
	const {stdout, exitCode} = run('6.1/veth/base-nodev');
	t.is(exitCode, 75);
	t.false(parseLinkSettings(stdout).ok);
	t.false(parseLinkSettings('').ok);
	t.false(parseLinkSettings('[ {"ifname": "a"} ]').ok);
});
