// The one place errors are made: each errno's name, number and glibc
// strerror() text, and hvtop's own codes (errno 0) for failures that are not
// an errno. The model, the ethtool parsers and the live source all build their
// OpErrors here, so a code always carries the same number.
import type {OpError, Result} from './types.js';

/** Linux errno numbers and their strerror() texts (glibc, LC_ALL=C). */
const errnos = {
	EPERM: [1, 'Operation not permitted'],
	ENOENT: [2, 'No such file or directory'],
	EIO: [5, 'Input/output error'],
	ENXIO: [6, 'No such device or address'],
	EBADF: [9, 'Bad file descriptor'],
	EAGAIN: [11, 'Resource temporarily unavailable'],
	ENOMEM: [12, 'Cannot allocate memory'],
	EACCES: [13, 'Permission denied'],
	EBUSY: [16, 'Device or resource busy'],
	EEXIST: [17, 'File exists'],
	ENODEV: [19, 'No such device'],
	EINVAL: [22, 'Invalid argument'],
	ENOSPC: [28, 'No space left on device'],
	EROFS: [30, 'Read-only file system'],
	ERANGE: [34, 'Numerical result out of range'],
	ENOSYS: [38, 'Function not implemented'],
	ENODATA: [61, 'No data available'],
	EPROTO: [71, 'Protocol error'],
	EMSGSIZE: [90, 'Message too long'],
	EOPNOTSUPP: [95, 'Operation not supported'],
	ENOBUFS: [105, 'No buffer space available'],
	ETIMEDOUT: [110, 'Connection timed out'],
} as const satisfies Record<string, readonly [number, string]>;

/** hvtop's own codes: not an errno, so errno 0. */
const ownCodes = {
	EPARSE: 'unreadable output',
	EUSAGE: 'invalid usage',
	EGUARD: 'the guard failed',
	EABORT: 'aborted',
	ENOCHANGE: 'nothing to change',
	EVFLOST: 'the VF was removed or replaced',
	EUNKNOWN: 'unknown error',
} as const;

export type ErrnoName = keyof typeof errnos;
export type OwnCode = keyof typeof ownCodes;
export type ErrorCode = ErrnoName | OwnCode;

export const errnoNames = Object.keys(errnos) as readonly ErrnoName[];

export const errnoNumbers = Object.fromEntries(errnoNames.map(name => [name, errnos[name][0]])) as {readonly [K in ErrnoName]: (typeof errnos)[K][0]};

const isErrno = (code: ErrorCode): code is ErrnoName => Object.hasOwn(errnos, code);

/** The errno's number; 0 for hvtop's own codes. */
export const errnoNumber = (code: ErrorCode): number => isErrno(code) ? errnos[code][0] : 0;

/** The errno's strerror() text, or a short description of hvtop's own code. */
export const strerror = (code: ErrorCode): string => isErrno(code) ? errnos[code][1] : ownCodes[code];

/** The errno a strerror() text names, among `names` (default: every errno above). */
export function errnoByStrerror(names: readonly ErrnoName[] = errnoNames): ReadonlyMap<string, ErrnoName> {
	return new Map(names.map(name => [errnos[name][1], name]));
}

/** An OpError with the code's number; the message defaults to its strerror(). */
export function opError(code: ErrorCode, message?: string): OpError {
	return {code, errno: errnoNumber(code), message: message ?? strerror(code)};
}

/** A failed Result carrying opError(code, message). */
export function failWith<T = never>(code: ErrorCode, message?: string): Result<T> {
	return {ok: false, error: opError(code, message)};
}

export const noSuchDevice = <T = never>(name: string): Result<T> => failWith('ENODEV', `no such device: ${name}`);

/**
 * An OpError from a Node system error (an fs or spawn ErrnoException): its code,
 * with the number from the table above when the code is there (Node's own errno
 * is negative), else the magnitude of Node's; `fallback` when it has no code.
 */
export function fromSystemError(error: unknown, message: string, fallback: ErrorCode = 'EIO'): OpError {
	const {code, errno} = error as NodeJS.ErrnoException;
	if (code === undefined) {
		return opError(fallback, message);
	}

	const known = Object.hasOwn(errnos, code) || Object.hasOwn(ownCodes, code);
	return {code, errno: known ? errnoNumber(code as ErrorCode) : (typeof errno === 'number' ? Math.abs(errno) : 0), message};
}

/** An Error shaped like Node's own system errors (code set), for code that throws where fs would. */
export const systemError = (code: ErrnoName, message: string): Error & {readonly code: ErrnoName} => Object.assign(new Error(message), {code});
