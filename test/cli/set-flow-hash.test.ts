// `hvtop set flow-hash DEV TYPE FIELDS` as a process on the model (the built
// program): kept with --yes, netvsc's refusal is exit 3, bad words exit 2, the
// same value is exit 0, and the plan's words are ethtool's.
import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist', 'cli.js');

async function hvtop(t: {teardown(fn: () => void): void}, args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
	if (!existsSync(cli)) {
		throw new Error('dist/cli.js is missing: run npm run build first');
	}

	const state = mkdtempSync(path.join(tmpdir(), 'hvtop-flow-hash-'));
	t.teardown(() => {
		rmSync(state, {recursive: true, force: true});
	});
	return new Promise(resolve => {
		const env = {PATH: process.env['PATH'], HVTOP_STATE_DIR: state, LANG: 'C.UTF-8'};
		execFile(process.execPath, [cli, ...args], {env, timeout: 60_000}, (error, stdout, stderr) => {
			resolve({code: error ? Number(error.code ?? 1) : 0, stdout, stderr});
		});
	});
}

test('set flow-hash eth0 udp4 sd --model --scenario udp-fragments --yes: planned in ethtool\'s words, kept, exit 0', async t => {
	const run = await hvtop(t, ['set', 'flow-hash', 'eth0', 'udp4', 'sd', '--model', '--scenario', 'udp-fragments', '--yes']);
	t.is(run.code, 0, run.stderr);
	t.regex(run.stdout, /^MODEL eth0 \(driver hv_netvsc\)/);
	t.regex(run.stdout, /rx-flow-hash udp4 sdfn → rx-flow-hash udp4 sd/);
	t.regex(run.stdout, /guest's transmit hash/);
	t.regex(run.stdout, /: kept rx-flow-hash udp4 sd/);
});

test('netvsc\'s refusal (sdf) is exit 3; a bad flow type or letters exit 2; the value it has is exit 0', async t => {
	const refused = await hvtop(t, ['set', 'flow-hash', 'eth0', 'udp4', 'sdf', '--model', '--yes']);
	t.is(refused.code, 3, refused.stdout + refused.stderr);
	t.regex(refused.stderr, /hv_netvsc accepts only sd or sdfn for udp4; sdf asked \(ethtool -N: Operation not supported\)/);
	const usage = await hvtop(t, ['set', 'flow-hash', 'eth0', 'sctp4', 'sd', '--model', '--yes']);
	t.is(usage.code, 2);
	t.regex(usage.stderr, /the flow type must be tcp4, tcp6, udp4 or udp6; got "sctp4"/);
	const missing = await hvtop(t, ['set', 'flow-hash', 'eth0', 'udp4', '--model', '--yes']);
	t.is(missing.code, 2);
	const same = await hvtop(t, ['set', 'flow-hash', 'eth0', 'tcp4', 'sdfn', '--model', '--yes']);
	t.is(same.code, 0, same.stderr);
	t.regex(same.stdout + same.stderr, /already hashes tcp4 on sdfn; nothing to change/);
});
