import test from 'ava';
import {parseFaultSpec} from '../../source/fault-spec.js';

test('kinds with and without values, with and without a device', t => {
	t.deepEqual(parseFaultSpec('attach-fails'), {ok: true, value: {fault: {kind: 'attach-fails'}}});
	t.deepEqual(parseFaultSpec('grant-fewer:3@eth0'), {ok: true, value: {fault: {kind: 'grant-fewer', subChannels: 3}, device: 'eth0'}});
	t.deepEqual(parseFaultSpec('slow:2000@eth1'), {ok: true, value: {fault: {kind: 'slow', durationMs: 2000}, device: 'eth1'}});
	t.deepEqual(parseFaultSpec('refuse-subchannels@eth0'), {ok: true, value: {fault: {kind: 'refuse-subchannels'}, device: 'eth0'}});
	t.deepEqual(parseFaultSpec('drain-timeout'), {ok: true, value: {fault: {kind: 'drain-timeout'}}});
	t.deepEqual(parseFaultSpec('fail:EBUSY@eth0'), {ok: true, value: {fault: {kind: 'fail', errno: 'EBUSY'}, device: 'eth0'}});
	t.deepEqual(parseFaultSpec('hang'), {ok: true, value: {fault: {kind: 'hang'}}});
});

const refused: Array<[string, RegExp]> = [
	['explode', /unknown fault 'explode' \(kinds: grant-fewer, /],
	['grant-fewer', /needs a value: grant-fewer:SUBCHANNELS/],
	['slow', /needs a value: slow:MILLISECONDS/],
	['attach-fails:3', /attach-fails takes no value/],
	['grant-fewer:x', /takes KIND\[:VALUE\]\[@DEVICE\]/],
	['', /takes KIND/],
	['attach-fails@eth0;rm', /takes KIND/],
	['fail', /needs a value: fail:ERRNO \(EPERM, ENOENT, EIO, /],
	['fail:EWHAT', /fail takes an errno name \(EPERM, ENOENT, EIO, .*\), not EWHAT/],
	['fail:22', /fail takes an errno name/],
	['slow:EBUSY', /slow takes a number, not EBUSY/],
	['hang:5', /hang takes no value/],
];

for (const [text, message] of refused) {
	test(`refused with a clear message: ${JSON.stringify(text)}`, t => {
		const result = parseFaultSpec(text);
		t.false(result.ok);
		if (!result.ok) {
			t.regex(result.error.message, message);
		}
	});
}
