import test from 'ava';
import {checkCounts, setWithReadback, type SetOp} from '../../source/sources/live/set-with-readback.js';
import type {SysfsDevice} from '../../source/sources/live/sysfs.js';
import {fail, ok, type Result} from '../../source/types.js';

const device: SysfsDevice = {name: 'eth0', operstate: 'up', rxQueues: 1, txQueues: 1, lowers: []};

// A change that is not ethtool's (as a sysfs write would be): the helper needs only read, unchanged and write.
function fakeOp(start: number, writeResult: (value: number) => Result<unknown>): {op: SetOp<number, number>; calls: string[]} {
	let value = start;
	const calls: string[] = [];
	const op: SetOp<number, number> = {
		check: () => undefined,
		async read() {
			calls.push('read');
			return ok(value);
		},
		unchanged: (current, request) => current === request,
		async write(_, request) {
			calls.push(`write ${request}`);
			const result = writeResult(request);
			if (result.ok) {
				value = request;
			}

			return result;
		},
	};
	return {op, calls};
}

test('read, write, read back; the caller gets the read-back and afterWrite sees before and after', async t => {
	const {op, calls} = fakeOp(1, () => ok(undefined));
	const seen: unknown[] = [];
	t.deepEqual(await setWithReadback(op, device, 4, (_, key, before, after) => seen.push([key, before, after])), ok(4));
	t.deepEqual(calls, ['read', 'write 4', 'read']);
	t.deepEqual(seen, [[undefined, 1, ok(4)]]);
});

test('a request that changes nothing writes nothing', async t => {
	const {op, calls} = fakeOp(4, () => ok(undefined));
	let told = false;
	t.deepEqual(await setWithReadback(op, device, 4, () => {
		told = true;
	}), ok(4));
	t.deepEqual(calls, ['read']);
	t.false(told);
});

test('a failed write returns its error, and the read-back still reaches afterWrite', async t => {
	const refused = {code: 'EINVAL', errno: 22, message: 'no'};
	const {op, calls} = fakeOp(1, () => fail(refused));
	const seen: unknown[] = [];
	t.deepEqual(await setWithReadback(op, device, 9, (_, __, before, after) => seen.push([before, after])), fail(refused));
	t.deepEqual(calls, ['read', 'write 9', 'read']);
	t.deepEqual(seen, [[1, ok(1)]]);
});

test('checkCounts: known keys, integers 0 … 2^32-1, at least one', t => {
	t.is(checkCounts({combined: 4}, ['combined'], 'channel'), undefined);
	t.is(checkCounts({}, ['combined'], 'channel')?.message, 'empty channel request: nothing to change');
	t.is(checkCounts({bogus: 1}, ['combined'], 'channel')?.code, 'EINVAL');
	t.is(checkCounts({combined: 2 ** 32}, ['combined'], 'channel')?.code, 'EINVAL');
	t.is(checkCounts({combined: 1.5}, ['combined'], 'channel')?.errno, 22);
});
