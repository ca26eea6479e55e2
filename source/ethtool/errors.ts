// Turns a failed ethtool run into an OpError. The errno comes from the glibc
// strerror() text (run ethtool with LC_ALL=C), which both paths print last:
// `netlink error: Invalid argument` or `Cannot set device ring parameters:
// Invalid argument`. The message is the kernel's extack text when there is one
// (it explains *why*), else the last meaningful stderr line.
import {errnoByStrerror, errnoNumber, opError, type ErrorCode, type ErrnoName, type OwnCode} from '../errors.js';
import type {OpError} from '../types.js';
import {toLines} from './text.js';

type Errno = readonly [code: string, errno: number];

const errnoOfName = (name: ErrorCode): Errno => [name, errnoNumber(name)];

// The errnos ethtool's get and set paths end their messages with, matched by
// their strerror() text.
const strerrorNames: readonly ErrnoName[] = [
	'EPERM', 'ENOENT', 'EIO', 'ENXIO', 'EAGAIN', 'ENOMEM', 'EACCES', 'EBUSY', 'ENODEV',
	'EINVAL', 'ERANGE', 'ENOSYS', 'ENODATA', 'EMSGSIZE', 'EOPNOTSUPP', 'ENOBUFS', 'ETIMEDOUT',
];
const strerrors = new Map([...errnoByStrerror(strerrorNames)].map(([text, name]) => [text, errnoOfName(name)]));

/** ethtool's own (non-errno) failures, matched anywhere in a line. */
const ownMessages: ReadonlyArray<readonly [pattern: RegExp, errno: Errno]> = [
	[/no stats available/, errnoOfName('EOPNOTSUPP')],
	[/no memory available/, errnoOfName('ENOMEM')],
	// Usage errors: the argv we built was refused (old ethtool, --json probe…).
	[/bad command line argument|unexpected parameter|invalid value '|unknown parameter '|no value for parameter|is not followed by 'on' or 'off'|JSON output not available|can be used only with netlink|device name longer than/, errnoOfName('EINVAL')],
];

/** Code returned for ioctl's "nothing to change" refusals (see failureFromEthtool). */
export const noChangeCode = 'ENOCHANGE' satisfies OwnCode;
const noChange = /no (?:ring|channel|coalesce) parameters changed, aborting/;
const netlinkError = /^netlink error: (.*)$/;
// One space, as ethtool prints it: a leading \s* would be quadratic on long blank runs.
const offsetSuffix = / \(offset \d+\)$/;
const helpLine = 'For more information run ethtool -h';

/**
 * Non-blank lines; ethtool ≤ 5.13 split some perror() messages as
 * `Cannot get device channel parameters` ⏎ `: No such device`, so rejoin them.
 */
function meaningfulLines(text: string): string[] {
	const out: string[] = [];
	for (const raw of toLines(text)) {
		const line = raw.trim();
		if (line === '' || line === helpLine) {
			continue;
		}

		if (line.startsWith(': ') && out.length > 0) {
			out[out.length - 1] += line;
		} else {
			out.push(line);
		}
	}

	return out;
}

/** The errno named at the end of a line (`…: No such device`, or the whole line). */
function errnoOf(line: string): Errno | undefined {
	const whole = strerrors.get(line.replace(offsetSuffix, ''));
	if (whole) {
		return whole;
	}

	const colon = line.lastIndexOf(': ');
	return colon === -1 ? undefined : strerrors.get(line.slice(colon + 2).replace(offsetSuffix, ''));
}

function findErrno(lines: readonly string[]): Errno | undefined {
	for (let i = lines.length - 1; i >= 0; i--) {
		const found = errnoOf(lines[i] ?? '');
		if (found) {
			return found;
		}
	}

	for (let i = lines.length - 1; i >= 0; i--) {
		for (const [pattern, errno] of ownMessages) {
			if (pattern.test(lines[i] ?? '')) {
				return errno;
			}
		}
	}

	return undefined;
}

/** The last extack message: a `netlink error:` line whose text is not a strerror. */
function findExtack(lines: readonly string[]): string | undefined {
	for (let i = lines.length - 1; i >= 0; i--) {
		const match = netlinkError.exec(lines[i] ?? '');
		const text = match?.[1]?.replace(offsetSuffix, '').trim();
		if (text && !strerrors.has(text)) {
			return text;
		}
	}

	return undefined;
}

function lastMessage(lines: readonly string[]): string | undefined {
	const errors = lines.filter(line => !line.startsWith('netlink warning:'));
	const line = errors.at(-1) ?? lines.at(-1);
	return line?.replace(/^netlink error: /, '').replace(offsetSuffix, '');
}

/** Always an OpError describing the run; use failureFromEthtool to decide if it failed. */
export function errorFromEthtool(stderr: string, exitCode: number | null, stdout?: string): OpError {
	const errLines = meaningfulLines(typeof stderr === 'string' ? stderr : '');
	const outLines = meaningfulLines(typeof stdout === 'string' ? stdout : '');

	// ioctl -G exits 80 only for "no ring parameters changed, aborting".
	const unchanged = errLines.find(line => noChange.test(line));
	if (unchanged !== undefined || exitCode === 80) {
		return opError(noChangeCode, unchanged ?? 'no ring parameters changed');
	}

	// stdout only matters when stderr names nothing (base command: `No data available`).
	const [code, errno] = findErrno(errLines) ?? findErrno(outLines) ?? errnoOfName('EUNKNOWN');
	const message = findExtack(errLines)
		?? lastMessage(errLines)
		?? lastMessage(outLines.filter(line => errnoOf(line)))
		?? (exitCode === null
			? 'ethtool ended without an exit status (killed or timed out)'
			: `ethtool exited with status ${String(exitCode)}`);
	return {code, errno, message};
}

/**
 * Whether a finished run failed, and how: undefined means success. Decided by
 * the exit status first, with ethtool's known exceptions: exit 0 with
 * `netlink warning:` or ioctl "unmodified, ignoring" chatter is success; ioctl
 * `-G`'s "no ring parameters changed, aborting" (exit 80) and ≤ 4.12 `-L`'s
 * "no channel parameters changed, aborting" (exit 1) mean nothing needed to
 * change, so success; `-N … rx-flow-hash` exits 0 even when it failed.
 */
export function failureFromEthtool(stderr: string, exitCode: number | null, stdout?: string): OpError | undefined {
	const errLines = meaningfulLines(typeof stderr === 'string' ? stderr : '');
	if (exitCode === 0) {
		return errLines.some(line => line.startsWith('Cannot change RX network flow hashing options'))
			? errorFromEthtool(stderr, exitCode, stdout)
			: undefined;
	}

	const error = errorFromEthtool(stderr, exitCode, stdout);
	return error.code === noChangeCode ? undefined : error;
}
