// One write to a sysfs or procfs attribute (a channel's `cpu`, an IRQ's
// `smp_affinity_list`): the text in a single write(2), as `echo` does, with a
// timeout (a VMBus store waits for the host's answer on newer kernels). Only a
// regular file is written (an attribute is one; a FIFO or device planted in a
// captured tree is refused), and the kernel's errno comes back as it is.
import {constants} from 'node:fs';
import {open} from 'node:fs/promises';
import {failWith, fromSystemError} from '../../errors.js';
import {fail, type Result} from '../../types.js';

export const defaultWriteTimeoutMs = 10_000;

async function write(path: string, text: string): Promise<Result<void>> {
	let handle;
	try {
		handle = await open(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
		if (!(await handle.stat()).isFile()) {
			return failWith('EINVAL', `${path} is not an attribute file`);
		}

		await handle.write(text);
		return {ok: true, value: undefined};
	} catch (error) {
		return fail(fromSystemError(error, `${path}: ${(error as Error).message}`));
	} finally {
		await handle?.close().catch(() => undefined);
	}
}

/** Writes `text` to `path`; ETIMEDOUT when the kernel has not answered within `timeoutMs` (the write may still land: read back). */
export async function writeAttribute(path: string, text: string, timeoutMs = defaultWriteTimeoutMs): Promise<Result<void>> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<Result<void>>(resolve => {
		timer = setTimeout(() => {
			resolve(failWith('ETIMEDOUT', `writing ${path} took more than ${timeoutMs} ms`));
		}, timeoutMs);
	});
	try {
		return await Promise.race([write(path, text), timeout]);
	} finally {
		clearTimeout(timer);
	}
}
