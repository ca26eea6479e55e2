// The child-process runner: argv only, LC_ALL=C, timeout that kills the
// whole process group, bounded output, typed errors when it cannot run.
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import {runEthtool, resolveEthtool} from '../../source/sources/live/run-ethtool.js';

function script(t: {teardown(fn: () => void): void}, body: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'hvtop-run-'));
	t.teardown(() => {
		rmSync(dir, {recursive: true, force: true});
	});
	const path = join(dir, 'fake-ethtool');
	writeFileSync(path, `#!/bin/sh\n${body}\n`);
	chmodSync(path, 0o755);
	return path;
}

test('passes argv untouched (no shell) with LC_ALL=C, returns exit code and both streams', async t => {
	const path = script(t, 'printf "%s|" "$@"; echo "$LC_ALL" >&2; exit 3');
	const result = await runEthtool(['-S', 'eth0; rm -rf /', '$(id)'], {ethtool: path});
	t.deepEqual(result, {ok: true, value: {exitCode: 3, stdout: '-S|eth0; rm -rf /|$(id)|', stderr: 'C\n'}});
});

test('missing binary: ENOENT saying how to install ethtool', async t => {
	const result = await runEthtool(['-l', 'eth0'], {ethtool: '/nonexistent/ethtool'});
	t.false(result.ok);
	if (!result.ok) {
		t.is(result.error.code, 'ENOENT');
		t.regex(result.error.message, /ethtool is not installed: apt-get install ethtool/);
		t.regex(result.error.message, /dnf install ethtool/);
		t.regex(result.error.message, /tdnf install ethtool/);
	}
});

test('not executable: EACCES', async t => {
	const path = script(t, 'exit 0');
	chmodSync(path, 0o644);
	const result = await runEthtool(['-l', 'eth0'], {ethtool: path});
	// exec needs an x bit, even for root.
	t.is(result.ok ? 'ok' : result.error.code, 'EACCES');
});

test('hanging: ETIMEDOUT after the timeout, and its children die with it', async t => {
	const dir = mkdtempSync(join(tmpdir(), 'hvtop-run-'));
	t.teardown(() => {
		rmSync(dir, {recursive: true, force: true});
	});
	const marker = join(dir, 'survived');
	// A wrapper whose child holds stdout open: killing only the wrapper would hang.
	const path = script(t, `(sleep 2; touch ${marker}) & sleep 30`);
	const start = Date.now();
	const result = await runEthtool(['-S', 'eth0'], {ethtool: path, timeoutMs: 300});
	t.true(Date.now() - start < 2000);
	t.is(result.ok ? 'ok' : result.error.code, 'ETIMEDOUT');
	await new Promise(resolve => {
		setTimeout(resolve, 2500);
	});
	const {existsSync} = await import('node:fs');
	t.false(existsSync(marker), 'the background child was killed with the group');
});

test('output beyond maxBuffer: ENOBUFS, not unbounded memory', async t => {
	const path = script(t, 'head -c 100000 /dev/zero');
	const result = await runEthtool(['-S', 'eth0'], {ethtool: path, maxBuffer: 1000});
	t.is(result.ok ? 'ok' : result.error.code, 'ENOBUFS');
});

test('resolves an explicit path as given, else a system ethtool or PATH', t => {
	t.is(resolveEthtool('/opt/x/ethtool'), '/opt/x/ethtool');
	t.regex(resolveEthtool(), /ethtool$/);
	// The bare name still prefers /usr/sbin, /sbin (absent from a non-root PATH on Debian).
	t.is(resolveEthtool('ethtool'), resolveEthtool());
});
