// HVTOP_ETHTOOL_TIMEOUT: seconds each ethtool read may take; a bad value stops hvtop.
import {execFile} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {defaultReadTimeoutMs, readTimeoutProblem} from '../../source/sources/live/read-timeout.js';
import {resolveOptions} from '../../source/sources/live/options.js';

test('unset or empty: 3 s; seconds in range: that many ms', t => {
	t.is(defaultReadTimeoutMs({}), 3000);
	t.is(defaultReadTimeoutMs({HVTOP_ETHTOOL_TIMEOUT: ' '}), 3000);
	t.is(defaultReadTimeoutMs({HVTOP_ETHTOOL_TIMEOUT: '20'}), 20_000);
	t.is(defaultReadTimeoutMs({HVTOP_ETHTOOL_TIMEOUT: '0.25'}), 250);
	t.is(readTimeoutProblem({HVTOP_ETHTOOL_TIMEOUT: '600'}), undefined);
});

test('out of range or not a number: one sentence naming the variable, and the 3 s default stays', t => {
	for (const bad of ['0', '-1', '601', 'ten', '3s', 'Infinity']) {
		t.regex(readTimeoutProblem({HVTOP_ETHTOOL_TIMEOUT: bad}) ?? '', /^HVTOP_ETHTOOL_TIMEOUT is seconds between 0\.1 and 600, not '/, bad);
		t.is(defaultReadTimeoutMs({HVTOP_ETHTOOL_TIMEOUT: bad}), 3000, bad);
	}
});

test('the live source reads with it unless told otherwise', t => {
	const previous = process.env['HVTOP_ETHTOOL_TIMEOUT'];
	process.env['HVTOP_ETHTOOL_TIMEOUT'] = '42';
	try {
		const resolved = resolveOptions({});
		t.true(resolved.ok);
		t.is(resolved.ok ? resolved.value.readOptions.timeoutMs : 0, 42_000);
		const explicit = resolveOptions({timeoutMs: 500});
		t.is(explicit.ok ? explicit.value.readOptions.timeoutMs : 0, 500);
	} finally {
		if (previous === undefined) {
			delete process.env['HVTOP_ETHTOOL_TIMEOUT'];
		} else {
			process.env['HVTOP_ETHTOOL_TIMEOUT'] = previous;
		}
	}
});

test('hvtop with a bad value: exit 2 and one line, for the dashboard and a command alike', async t => {
	const cli = fileURLToPath(new URL('../../cli.tsx', import.meta.url));
	for (const args of [['--model', '--once'], ['set', 'eth0', '--model', '--channels', '4', '--yes']]) {
		// eslint-disable-next-line no-await-in-loop -- one hvtop at a time, to name the one that failed
		const result = await new Promise<{code: number; stderr: string}>(resolve => {
			execFile(process.execPath, ['--import=tsx', cli, ...args], {cwd: path.dirname(cli), timeout: 60_000, env: {...process.env, HVTOP_ETHTOOL_TIMEOUT: 'soon'}}, (error, _stdout, stderr) => {
				resolve({code: error ? Number(error.code) : 0, stderr});
			});
		});
		t.is(result.code, 2, args.join(' '));
		t.is(result.stderr, 'hvtop: HVTOP_ETHTOOL_TIMEOUT is seconds between 0.1 and 600, not \'soon\'\n');
	}
});
