import test from 'ava';
import {errorFromEthtool, failureFromEthtool, noChangeCode} from '../../source/ethtool/index.js';
import {allFixtures, run} from './helpers.js';

// [fixture, code, errno, message, failed (failureFromEthtool ≠ undefined)]
const expectations: Array<[name: string, code: string, errno: number, message: string, failed: boolean]> = [
	['4.8/hv_netvsc/L-unchanged', noChangeCode, 0, 'no channel parameters changed, aborting', false],
	['5.4/hv_netvsc/G-exceeds', 'EINVAL', 22, 'Cannot set device ring parameters: Invalid argument', true],
	['5.4/hv_netvsc/G-unchanged', noChangeCode, 0, 'no ring parameters changed, aborting', false],
	['5.4/hv_netvsc/K-lro-refused', 'EUNKNOWN', 0, 'Could not change any device features', true],
	['5.4/hv_netvsc/L-busy', 'EBUSY', 16, 'Cannot set device channel parameters: Device or resource busy', true],
	['5.4/hv_netvsc/L-invalid', 'EINVAL', 22, 'Cannot set device channel parameters: Invalid argument', true],
	['5.4/hv_netvsc/L-unchanged', 'EUNKNOWN', 0, 'current values: rx 0 tx 0 other 0 combined 8', false],
	['5.4/hv_netvsc/N-flow-hash-failed', 'EOPNOTSUPP', 95, 'Cannot change RX network flow hashing options: Operation not supported', true],
	['5.4/hv_netvsc/S-nomem', 'ENOMEM', 12, 'no memory available', true],
	['5.4/hv_netvsc/g-nodev', 'ENODEV', 19, 'Cannot get device ring settings: No such device', true],
	['5.4/hv_netvsc/l-nodev', 'ENODEV', 19, 'Cannot get device channel parameters: No such device', true],
	['6.1/hv_netvsc/G-exceeds', 'EINVAL', 22, 'requested ring size exceeds maximum', true],
	['6.1/hv_netvsc/L-exceeds', 'EINVAL', 22, 'requested channel count exceeds maximum', true],
	['6.1/hv_netvsc/L-indir-table', 'EINVAL', 22, 'requested channel counts are too low for existing indirection table settings', true],
	['6.1/hv_netvsc/L-refused-no-extack', 'EINVAL', 22, 'Invalid argument', true],
	['6.1/hv_netvsc/L-warning-ok', 'EUNKNOWN', 0, 'netlink warning: synthetic extack warning text', false],
	['6.1/hv_netvsc/S-reattaching', 'ENODEV', 19, 'Cannot get stats strings information: No such device', true],
	['6.1/veth/G-nonroot', 'EPERM', 1, 'Operation not permitted', true],
	['6.1/veth/G-unsupported', 'EOPNOTSUPP', 95, 'Operation not supported', true],
	['6.1/veth/K-unknown-feature', 'EOPNOTSUPP', 95, 'bit name not found', true],
	['6.1/veth/L-combined-exceeds', 'EINVAL', 22, 'requested channel count exceeds maximum', true],
	['6.1/veth/L-invalid-value', 'EINVAL', 22, 'ethtool (-L): invalid value \'abc\' for parameter \'combined\'', true],
	['6.1/veth/L-no-rx-tx', 'EINVAL', 22, 'requested channel counts would result in no RX or TX channel being configured', true],
	['6.1/veth/L-nodev', 'ENODEV', 19, 'no device matches name', true],
	['6.1/veth/L-nonroot', 'EPERM', 1, 'Operation not permitted', true],
	['6.1/veth/L-rx2-tx2', 'EUNKNOWN', 0, 'ethtool exited with status 0', false],
	['6.1/veth/L-unknown-parameter', 'EINVAL', 22, 'ethtool (-L): unknown parameter \'foo\'', true],
	['6.1/veth/S-no-stats', 'EOPNOTSUPP', 95, 'no stats available', true],
	['6.1/veth/S-nodev', 'ENODEV', 19, 'Cannot get stats strings information: No such device', true],
	['6.1/veth/base-nodev', 'ENODEV', 19, 'no device matches name', true],
	['6.1/veth/base-nonroot', 'EPERM', 1, 'Operation not permitted', false],
	['6.1/veth/g-nodev', 'ENODEV', 19, 'no device matches name', true],
	['6.1/veth/g-unsupported', 'EOPNOTSUPP', 95, 'Operation not supported', true],
	['6.1/veth/i-name-too-long', 'EINVAL', 22, 'ethtool netlink support for subcommand missing, device name longer than 15 not supported', true],
	['6.1/veth/i-nodev', 'ENODEV', 19, 'Cannot get driver information: No such device', true],
	['6.1/veth/json-l-unsupported', 'EINVAL', 22, 'ethtool: bad command line argument(s)', true],
	['6.1/veth/l-nodev', 'ENODEV', 19, 'no device matches name', true],
	['6.1/veth/x-nodev', 'ENODEV', 19, 'Cannot get RX ring count: No such device', true],
	['6.1/veth/x-unsupported', 'EOPNOTSUPP', 95, 'Cannot get RX ring count: Operation not supported', true],
	['6.11/hv_netvsc/json-S-netlink-only', 'EINVAL', 22, 'ethtool: parameter \'--json\' can be used only with netlink', true],
	['6.11/hv_netvsc/json-l-unsupported', 'EINVAL', 22, 'JSON output not available for this subcommand', true],
	['6.7/hv_netvsc/g-json-error', 'EOPNOTSUPP', 95, 'Operation not supported', true],
];

for (const [name, code, errno, message, failed] of expectations) {
	test(`run ${name}`, t => {
		const {stdout, stderr, exitCode} = run(name);
		t.deepEqual(errorFromEthtool(stderr, exitCode, stdout), {code, errno, message});
		const failure = failureFromEthtool(stderr, exitCode, stdout);
		t.is(failure !== undefined, failed);
		if (failure) {
			t.deepEqual(failure, {code, errno, message});
		}
	});
}

test('every .run fixture has an expectation', t => {
	const named = new Set(expectations.map(([name]) => name));
	const runs = allFixtures().filter(name => name.endsWith('.run')).map(name => name.slice(0, -'.run'.length));
	t.deepEqual(runs.filter(name => !named.has(name)), []);
});

test('the errno table of the brief', t => {
	const cases: Array<[text: string, code: string, errno: number]> = [
		['Invalid argument', 'EINVAL', 22],
		['Operation not supported', 'EOPNOTSUPP', 95],
		['Operation not permitted', 'EPERM', 1],
		['No such device', 'ENODEV', 19],
		['Device or resource busy', 'EBUSY', 16],
		['Cannot allocate memory', 'ENOMEM', 12],
		['Something else entirely', 'EUNKNOWN', 0],
	];
	for (const [text, code, errno] of cases) {
		const netlink = errorFromEthtool(`netlink error: ${text}\n`, 1);
		const ioctl = errorFromEthtool(`Cannot set device channel parameters: ${text}\n`, 1);
		t.is(netlink.code, code, text);
		t.is(netlink.errno, errno, text);
		t.is(ioctl.code, code, text);
		t.is(ioctl.errno, errno, text);
	}
});

test('"No such device or address" is not mistaken for "No such device"', t => {
	t.is(errorFromEthtool('Cannot get driver information: No such device or address\n', 71).code, 'ENXIO');
});

test('a warning before the error: the error\'s extack is the message', t => {
	const stderr = 'netlink warning: some warning\nnetlink error: requested channel count exceeds maximum (offset 36)\nnetlink error: Invalid argument\n';
	t.deepEqual(errorFromEthtool(stderr, 1), {code: 'EINVAL', errno: 22, message: 'requested channel count exceeds maximum'});
	t.is(failureFromEthtool('netlink warning: some warning\n', 0), undefined);
});

test('CRLF, blank lines and the help line are ignored', t => {
	t.deepEqual(
		errorFromEthtool('\r\nethtool: bad command line argument(s)\r\nFor more information run ethtool -h\r\n\r\n', 1),
		{code: 'EINVAL', errno: 22, message: 'ethtool: bad command line argument(s)'},
	);
});

test('no output at all, or no exit status (killed / timed out)', t => {
	t.deepEqual(errorFromEthtool('', 3), {code: 'EUNKNOWN', errno: 0, message: 'ethtool exited with status 3'});
	t.deepEqual(errorFromEthtool('', null), {
		code: 'EUNKNOWN', errno: 0, message: 'ethtool ended without an exit status (killed or timed out)',
	});
	t.not(failureFromEthtool('', null), undefined);
	t.deepEqual(errorFromEthtool('', 1, 'Channel parameters for x:\n'), {code: 'EUNKNOWN', errno: 0, message: 'ethtool exited with status 1'});
});

test('exit 0 is success even with chatter on stderr, except for the rx-flow-hash lie', t => {
	t.is(failureFromEthtool('rx unmodified, ignoring\nno channel parameters changed.\n', 0), undefined);
	t.is(failureFromEthtool('Cannot get wake-on-lan settings: Operation not permitted\n', 0), undefined);
	t.is(failureFromEthtool('Cannot change RX network flow hashing options: Invalid argument\n', 0)?.code, 'EINVAL');
});
