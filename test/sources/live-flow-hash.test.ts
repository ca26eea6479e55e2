// The live flow hash reader and its SetOp with a scripted ethtool: four -n
// runs make a FlowHash; a driver without it answers the first with EOPNOTSUPP
// and the other three are not run; the -N write goes through
// setWithReadback, whose read-back decides.
import test from 'ava';
import {argv} from '../../source/ethtool/index.js';
import {failWith} from '../../source/errors.js';
import {flowHashSetOp, readFlowHash, type EthtoolReader} from '../../source/sources/live/flow-hash.js';
import {setWithReadback} from '../../source/sources/live/set-with-readback.js';
import type {SysfsDevice} from '../../source/sources/live/sysfs.js';
import {ok, type Result} from '../../source/types.js';

const listing = (fields: string): string => fields === 'sd'
	? 'UDP over IPV4 flows use these fields for computing Hash flow key:\nIP SA\nIP DA\n\n'
	: 'UDP over IPV4 flows use these fields for computing Hash flow key:\nIP SA\nIP DA\nL4 bytes 0 & 1 [TCP/UDP src port]\nL4 bytes 2 & 3 [TCP/UDP dst port]\n\n';

/** A netvsc-like device: sdfn everywhere until -N changes one type; every run is logged. */
function netvsc(): {calls: string[]; read: EthtoolReader; set: (args: readonly string[]) => Promise<Result<unknown>>} {
	const state: Record<string, string> = {tcp4: 'sdfn', tcp6: 'sdfn', udp4: 'sdfn', udp6: 'sdfn'};
	const calls: string[] = [];
	return {
		calls,
		async read<T>(args: readonly string[], parse: (stdout: string) => Result<T>) {
			calls.push(args.join(' '));
			return parse(listing(state[args[3]!]!));
		},
		async set(args) {
			calls.push(args.join(' '));
			state[args[3]!] = args[4]!;
			return ok(undefined);
		},
	};
}

const device = {name: 'eth0', driver: 'hv_netvsc'} as unknown as SysfsDevice;

test('four -n runs make the device\'s flow hash', async t => {
	const fake = netvsc();
	t.deepEqual(await readFlowHash(fake.read, 'eth0'), ok({tcp4: 'sdfn', tcp6: 'sdfn', udp4: 'sdfn', udp6: 'sdfn'}));
	t.deepEqual(fake.calls, ['tcp4', 'tcp6', 'udp4', 'udp6'].map(type => argv.flowHash('eth0', type).join(' ')));
});

test('veth: the first -n answers EOPNOTSUPP, the rest are not run, the answer says "no flow hash settings"', async t => {
	const calls: string[] = [];
	const read: EthtoolReader = async args => {
		calls.push(args.join(' '));
		return failWith('EOPNOTSUPP', 'Cannot get RX network flow hashing options: Operation not supported');
	};

	const result = await readFlowHash(read, 'veth0');
	t.is(result.ok ? '' : result.error.code, 'EOPNOTSUPP');
	t.is(result.ok ? '' : result.error.message, 'veth0 has no flow hash settings (ethtool -n rx-flow-hash: Operation not supported)');
	t.is(calls.length, 1);
});

test('set: -N then the read-back; an unchanged request runs no -N; a bad request runs nothing', async t => {
	const fake = netvsc();
	const op = flowHashSetOp(fake.read, fake.set);
	const after = await setWithReadback(op, device, {flowType: 'udp4', fields: 'sd'}, () => undefined);
	t.deepEqual(after, ok({tcp4: 'sdfn', tcp6: 'sdfn', udp4: 'sd', udp6: 'sdfn'}));
	t.true(fake.calls.includes('-N eth0 rx-flow-hash udp4 sd'));
	fake.calls.length = 0;
	await setWithReadback(op, device, {flowType: 'udp4', fields: 'ds'}, () => undefined);
	t.false(fake.calls.some(call => call.startsWith('-N')), 'ds is sd: nothing to change');
	t.is(op.check({flowType: 'sctp4', fields: 'sd'})?.code, 'EINVAL');
	t.is(op.check({flowType: 'udp4', fields: 'sd;reboot'})?.code, 'EINVAL');
	t.is(op.check({flowType: 'udp4', fields: 'sdfn'}), undefined);
});
