import test from 'ava';
import {errnoByStrerror, errnoNames, errnoNumber, failWith, fromSystemError, opError, strerror, systemError} from '../source/errors.js';
import {errorFromEthtool} from '../source/ethtool/index.js';

test('each errno has its Linux number and glibc text; hvtop codes are errno 0', t => {
	t.deepEqual(opError('ENODEV'), {code: 'ENODEV', errno: 19, message: 'No such device'});
	t.deepEqual(opError('EINVAL', 'bad'), {code: 'EINVAL', errno: 22, message: 'bad'});
	t.deepEqual(failWith('ETIMEDOUT', 'slow'), {ok: false, error: {code: 'ETIMEDOUT', errno: 110, message: 'slow'}});
	t.is(errnoNumber('EPARSE'), 0);
	t.is(opError('EUSAGE', 'x').errno, 0);
	t.is(strerror('EOPNOTSUPP'), 'Operation not supported');
});

test('names, numbers and texts are one-to-one', t => {
	const numbers = errnoNames.map(name => errnoNumber(name));
	t.is(new Set(numbers).size, errnoNames.length);
	t.is(errnoByStrerror().size, errnoNames.length);
	for (const name of errnoNames) {
		t.is(errnoByStrerror().get(strerror(name)), name);
	}
});

test('the ethtool parser takes its numbers from the same table', t => {
	for (const name of ['EPERM', 'EBUSY', 'ENODEV', 'EINVAL', 'ERANGE', 'EOPNOTSUPP', 'ETIMEDOUT'] as const) {
		const error = errorFromEthtool(`netlink error: ${strerror(name)}`, 1);
		t.is(error.code, name);
		t.is(error.errno, errnoNumber(name));
	}
});

test('a Node system error takes its number from the table, else the magnitude of its own', t => {
	const enoent = Object.assign(new Error('gone'), {code: 'ENOENT', errno: -2});
	t.deepEqual(fromSystemError(enoent, 'cannot open x'), {code: 'ENOENT', errno: 2, message: 'cannot open x'});
	t.deepEqual(fromSystemError(systemError('ENOSPC', 'short write'), 'w'), {code: 'ENOSPC', errno: 28, message: 'w'});
	const eloop = Object.assign(new Error('loop'), {code: 'ELOOP', errno: -40});
	t.deepEqual(fromSystemError(eloop, 'm'), {code: 'ELOOP', errno: 40, message: 'm'});
	t.deepEqual(fromSystemError(new Error('odd'), 'm'), {code: 'EIO', errno: 5, message: 'm'});
	t.deepEqual(fromSystemError(new Error('odd'), 'm', 'EUNKNOWN'), {code: 'EUNKNOWN', errno: 0, message: 'm'});
});
