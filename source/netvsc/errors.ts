// Errors the model returns as data. The message is what ethtool (or ip) shows:
// the kernel's extack text when the kernel sets one, else the errno's strerror.
import type {OpError, Result} from '../types.js';

export const errnoNumbers = {
	EPERM: 1,
	EIO: 5,
	ENOMEM: 12,
	EBUSY: 16,
	ENODEV: 19,
	EINVAL: 22,
	ERANGE: 34,
	EPROTO: 71,
	EOPNOTSUPP: 95,
	ETIMEDOUT: 110,
} as const;

export type ErrnoName = keyof typeof errnoNumbers;

const strerror: Record<ErrnoName, string> = {
	EPERM: 'Operation not permitted',
	EIO: 'Input/output error',
	ENOMEM: 'Cannot allocate memory',
	EBUSY: 'Device or resource busy',
	ENODEV: 'No such device',
	EINVAL: 'Invalid argument',
	ERANGE: 'Numerical result out of range',
	EPROTO: 'Protocol error',
	EOPNOTSUPP: 'Operation not supported',
	ETIMEDOUT: 'Connection timed out',
};

export function opError(code: ErrnoName, message?: string): OpError {
	return {code, errno: errnoNumbers[code], message: message ?? strerror[code]};
}

export function failWith<T = never>(code: ErrnoName, message?: string): Result<T> {
	return {ok: false, error: opError(code, message)};
}

export const noSuchDevice = <T = never>(name: string): Result<T> => failWith('ENODEV', `no such device: ${name}`);
