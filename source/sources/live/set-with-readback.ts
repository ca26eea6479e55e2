// Every change the live source makes goes the same way: check the request,
// read the current value, do nothing when the request changes nothing, write,
// then read back — the read-back, not the request, is what the caller gets.
// A kind of change is a SetOp: channels (`-L`) and rings (`-G`) are in
// ethtool-sets.ts; one that does not use ethtool (a sysfs write, e.g. a
// channel's CPU) gives its own read and write.
import {opError} from '../../errors.js';
import type {OpError, Result} from '../../types.js';
import type {SlowKey} from './slow-reads.js';
import type {SysfsDevice} from './sysfs.js';

export type SetOp<Request, Value> = {
	/** The cached slow read the read-back replaces; undefined when there is none. */
	readonly slowKey?: SlowKey;
	/** Refuse a malformed request before anything runs. */
	check(request: Request): OpError | undefined;
	read(device: SysfsDevice): Promise<Result<Value>>;
	/** Whether the request asks for what `current` already is. */
	unchanged(current: Value, request: Request): boolean;
	write(device: SysfsDevice, request: Request): Promise<Result<unknown>>;
};

/** Told of every write that ran, whatever it returned, with the value before and the read-back. */
export type AfterWrite = (device: SysfsDevice, key: SlowKey | undefined, before: unknown, after: Result<unknown>) => void;

/**
 * Read before write (a no-op `-L` is EPERM as non-root on netlink, chatty on
 * ioctl), write, read back. A failed write returns its error; a write that
 * succeeded returns the read-back (which may itself have failed).
 */
export async function setWithReadback<Request, Value>(op: SetOp<Request, Value>, device: SysfsDevice, request: Request, afterWrite: AfterWrite): Promise<Result<Value>> {
	const before = await op.read(device);
	if (!before.ok || op.unchanged(before.value, request)) {
		return before;
	}

	const set = await op.write(device, request);
	const after = await op.read(device);
	afterWrite(device, op.slowKey, before.value, after);
	return set.ok ? after : set;
}

const maxCount = 0xFF_FF_FF_FF;
const invalid = (message: string): OpError => opError('EINVAL', message);

/** A request of counts (channels, rings): known keys only, integers 0 … 2^32-1, at least one. */
export function checkCounts(request: object, keys: readonly string[], what: string): OpError | undefined {
	const entries = Object.entries(request as Record<string, unknown>).filter(([, value]) => value !== undefined);
	if (entries.length === 0) {
		return invalid(`empty ${what} request: nothing to change`);
	}

	for (const [key, value] of entries) {
		if (!keys.includes(key)) {
			return invalid(`unknown ${what} field ${JSON.stringify(key)}`);
		}

		if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > maxCount) {
			return invalid(`${what} ${key} must be an integer from 0 to ${maxCount}, got ${String(value)}`);
		}
	}

	return undefined;
}

