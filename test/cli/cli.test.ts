// The CLI as a process: what scripts and admins see on stdout, stderr and in
// the exit status. Runs the built program (npm test builds it first).
import {execFile, spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist', 'cli.js');

type Run = {code: number; stdout: string; stderr: string};

// Two programs at a time (the machine's cores): dozens started at once would each wait
// minutes on a loaded machine and hit their timeout, though none is slow.
let running = 0;
const queued: Array<() => void> = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
	if (running >= 2) {
		await new Promise<void>(resolve => {
			queued.push(resolve);
		});
	}

	running++;
	try {
		return await work();
	} finally {
		running--;
		queued.shift()?.();
	}
}

async function hvtop(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
	if (!existsSync(cli)) {
		throw new Error('dist/cli.js is missing: run npm run build first (npm test does)');
	}

	return slot(async () => run(args, env));
}

async function run(args: string[], env: Record<string, string | undefined>): Promise<Run> {
	return new Promise(resolve => {
		const child = execFile(process.execPath, [cli, ...args], {
			env: {...process.env, CI: 'true', ...env},
			timeout: 60_000,
		}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr});
		});
		child.stdin?.end();
	});
}

const noStackTrace = (t: import('ava').ExecutionContext, run: Run) => {
	t.notRegex(run.stderr, /\n\s+at /, 'no stack trace');
	t.is(run.stderr.trim().split('\n').length, 1, `one line on stderr: ${run.stderr}`);
};

test('--once prints one table per model device and exits 0', async t => {
	const run = await hvtop(['--once', '--interval', '0.2']);
	t.is(run.code, 0, run.stderr);
	t.regex(run.stdout, /MODEL — no hv_netvsc device found/);
	t.regex(run.stdout, /eth0 {2}hv_netvsc/);
	t.regex(run.stdout, /eth1 {2}hv_netvsc .* VF enP\w+/);
	t.regex(run.stdout, /channels 8\/8 {2}rings rx 9709\/18811 tx 170\/2560 sections/);
	t.regex(run.stdout, /│ queue │ cpu │ rx pps │/);
	t.regex(run.stdout, /│ all +│/);
	t.notRegex(run.stdout, /\u001B\[/, 'no colour codes in a pipe');
});

test('--json prints one JSON object per device per snapshot, with exact counters as strings', async t => {
	const run = await hvtop(['--json', '--count', '2', '--interval', '0.2', '--model', '--device', 'eth0', '--scenario', 'elephant', '--seed', '7']);
	t.is(run.code, 0, run.stderr);
	const lines = run.stdout.trim().split('\n');
	t.is(lines.length, 2);
	for (const line of lines) {
		const object = JSON.parse(line) as Record<string, unknown> & {queues: Array<Record<string, unknown>>; channels: {combined: number}};
		t.is(object['version'], 1);
		t.is(object['device'], 'eth0');
		t.is(object['driver'], 'hv_netvsc');
		t.deepEqual(object['source'], {kind: 'model', label: 'MODEL (elephant, --model)', notice: (object['source'] as {notice: string}).notice});
		t.regex((object['source'] as {notice: string}).notice, /netvsc model/);
		t.true(object.queues.length > 0);
		t.is(object.queues.length, object.channels.combined);
		t.regex(String(object.queues[0]!['rxPackets']), /^\d+$/);
		t.is(typeof object.queues[0]!['rxPps'], 'number');
		t.true((object['elapsedSeconds'] as number) > 0.1);
		t.true((object['imbalance'] as number) >= 1);
	}
});

test('with --demo the same seed gives the same model counters; another seed differs', async t => {
	const counters = async (seed: string) => {
		const run = await hvtop(['--json', '--demo', '--count', '2', '--interval', '0.1', '--device', 'eth0', '--seed', seed]);
		t.is(run.code, 0, run.stderr);
		return run.stdout.trim().split('\n').map(line => {
			const object = JSON.parse(line) as {elapsedSeconds: number; queues: Array<{rxPackets: string; txBytes: string}>};
			t.is(object.elapsedSeconds, 0.1, 'model time moves exactly one interval');
			return object.queues.map(q => `${q.rxPackets}/${q.txBytes}`).join(' ');
		}).join('\n');
	};

	const [a, b, c] = await Promise.all([counters('3'), counters('3'), counters('4')]);
	t.is(a, b);
	t.not(a, c);
});

test('--list-scenarios names every scenario with a description', async t => {
	const run = await hvtop(['--list-scenarios']);
	t.is(run.code, 0);
	for (const name of ['balanced', 'elephant', 'few-channels', 'small-rings', 'vf', 'large', 'mana', 'mlx5', 'servicing', 'vf-rx-drops', 'udp-fragments']) {
		t.regex(run.stdout, new RegExp(`^${name} +\\S`, 'm'));
	}
});

const badInput: Array<[string, string[], RegExp]> = [
	['an unknown flag', ['--frobnicate=3'], /unknown flag --frobnicate \(see hvtop --help\)/],
	['a negative seed', ['--once', '--seed', '-4'], /--seed must be between 0/],
	['a non-numeric interval', ['--once', '--interval', 'fast'], /--interval takes a number, not 'fast'/],
	['a zero count', ['--json', '--count', '0'], /--count must be between 1/],
	['an unknown scenario', ['--once', '--scenario', 'nope'], /nope.*balanced/],
	['an unknown device', ['--once', '--device', 'eth9'], /^hvtop: unknown device 'eth9': this machine has (\S+, )*lo(, \S+)* \(--device NAME\); the model has eth0, eth1 \(--model --device NAME\)$/m],
	['an unknown device on the model', ['--once', '--model', '--device', 'eth9'], /unknown device 'eth9': this machine has .*lo.* \(--device NAME\); the model has eth0, eth1 \(--model --device NAME\)/],
	['set on a device neither here nor in the model', ['set', 'channels', 'nope0', '4', '--yes'], /^hvtop set: unknown device 'nope0': this machine has .*lo.*; the model has eth0, eth1 \(--model --device NAME\)$/m],
	['set --model on a device the model does not have', ['set', 'channels', 'nope0', '4', '--yes', '--model'], /^hvtop set: unknown device 'nope0'/m],
	['rollback of an unknown device', ['rollback', 'nope0'], /^hvtop rollback: unknown device 'nope0': this machine has .*lo/m],
	['an unknown command', ['frob'], /unknown command 'frob'/],
	['--model with --live', ['--model', '--live'], /exclude each other/],
	['an unknown fault', ['--once', '--fault', 'explode'], /unknown fault 'explode'/],
	['a value given to a switch', ['--once=yes'], /--once is a switch and takes no value/],
	['a flag that needs a value without one', ['--once', '--fault'], /--fault needs a value/],
	['a flag value that is another flag', ['--device', '--once'], /--device needs a value/],
	['a fault duration beyond bounds', ['--once', '--fault', 'slow:99999999999999999999'], /--fault slow takes at most 600000 ms/],
	['a fault on a device the model does not have', ['--once', '--fault', 'attach-fails@eth7'], /--fault attach-fails: no such device: eth7/],
	['a fault with --live', ['--live', '--fault', 'attach-fails'], /cannot be combined with --live/],
	['an unknown view', ['--once', '--view', 'graphs'], /--view must be one of queues, cpus, rss, vf, counters, history, not 'graphs'/],
];

for (const [what, args, message] of badInput) {
	test(`${what}: one clear line on stderr, exit 2`, async t => {
		const run = await hvtop(args);
		t.is(run.code, 2);
		t.regex(run.stderr, message);
		t.is(run.stdout, '');
		noStackTrace(t, run);
	});
}

test('without a terminal the dashboard says why and prints the snapshot instead', async t => {
	const run = await hvtop(['--interval', '0.2']);
	t.is(run.code, 0);
	t.regex(run.stderr, /standard input is not a terminal, so the dashboard cannot run; printing one snapshot instead/);
	t.regex(run.stdout, /│ queue │ cpu │/);
});

test('--help documents the flags and exits 0', async t => {
	const run = await hvtop(['--help']);
	t.is(run.code, 0);
	for (const flag of ['--once', '--json', '--count', '--interval', '--device', '--seed', '--scenario', '--model', '--live', '--list-scenarios']) {
		t.true(run.stdout.includes(flag), flag);
	}

	t.is(run.stdout.match(/channels, rings and queue spread/g)?.length, 1, 'what hvtop is, said once (not the package description too)');
});

test('--once --view cpus prints the CPU view, then the advice that applies', async t => {
	const run = await hvtop(['--once', '--view', 'cpus', '--scenario', 'few-channels', '--model', '--device', 'eth0', '--interval', '0.3']);
	t.is(run.code, 0, run.stderr);
	t.regex(run.stdout, /CPU {2}queues +rx pps/);
	t.regex(run.stdout, /16 CPUs: 2 serve 2 channels, 14 serve none/);
	t.regex(run.stdout, /advice:\neth0:\n {2}ALERT channels 2 < 16 vCPUs while queue \d is saturated/);
});

test('--json carries the advice, and the view data with --view', async t => {
	const run = await hvtop(['--json', '--view', 'rss', '--scenario', 'few-channels', '--model', '--device', 'eth0', '--interval', '0.3']);
	t.is(run.code, 0, run.stderr);
	const object = JSON.parse(run.stdout) as {advice: Array<{id: string; severity: string; suggestion?: unknown}>; view: {view: string}};
	t.is(object.view.view, 'rss');
	const fewChannels = object.advice.find(a => a.id === 'few-channels');
	t.is(fewChannels?.severity, 'alert');
	t.deepEqual(fewChannels?.suggestion, {kind: 'channels', value: 16});
});

test('a device named with --device that exists on this machine is read live, whatever its driver (no --live needed)', async t => {
	// lo is on every Linux machine; before, a named device went to the model ("unknown device 'lo'").
	const once = await hvtop(['--once', '--device', 'lo', '--interval', '0.2']);
	t.regex(once.stdout, /^hvtop — LIVE — lo \(/m, once.stderr);
	t.notRegex(once.stdout, /MODEL/);
	const json = await hvtop(['--json', '--device', 'lo', '--interval', '0.2']);
	const object = JSON.parse(json.stdout) as {source: {kind: string; label: string}; device: string};
	t.is(object.source.kind, 'live');
	t.regex(object.source.label, /^LIVE — lo/);
	t.is(object.device, 'lo');
});

test('on the model, the first screen names the real NICs of this machine and how to watch one', async t => {
	const sysfs = mkdtempSync(path.join(tmpdir(), 'hvtop-sysfs-'));
	t.teardown(() => {
		rmSync(sysfs, {recursive: true, force: true});
	});
	for (const dev of ['lo', 'ens5']) {
		mkdirSync(path.join(sysfs, 'class', 'net', dev), {recursive: true});
	}

	mkdirSync(path.join(sysfs, 'bus', 'virtio', 'drivers', 'virtio_net'), {recursive: true});
	mkdirSync(path.join(sysfs, 'devices', 'virtio0'), {recursive: true});
	symlinkSync(path.join(sysfs, 'devices', 'virtio0'), path.join(sysfs, 'class', 'net', 'ens5', 'device'));
	symlinkSync(path.join(sysfs, 'bus', 'virtio', 'drivers', 'virtio_net'), path.join(sysfs, 'devices', 'virtio0', 'driver'));
	const run = await hvtop(['--once', '--sysfs-root', sysfs, '--interval', '0.2']);
	t.is(run.code, 0, run.stderr);
	const [first, second] = run.stdout.split('\n');
	t.is(first, 'hvtop — MODEL — no hv_netvsc device found (balanced)');
	t.is(second, 'this is the netvsc model, not this machine: its NICs are ens5 (virtio_net); watch one with --live --device ens5');
});

test('--live on a machine without hv_netvsc devices says what to do instead, exit 1', async t => {
	const sysfs = mkdtempSync(path.join(tmpdir(), 'hvtop-sysfs-'));
	t.teardown(() => {
		rmSync(sysfs, {recursive: true, force: true});
	});
	mkdirSync(path.join(sysfs, 'class', 'net', 'lo'), {recursive: true});
	const run = await hvtop(['--live', '--once', '--sysfs-root', sysfs]);
	t.is(run.code, 1);
	t.regex(run.stderr, /no hv_netvsc device on this machine; watch another device with --live --device NAME/);
	t.is(run.stdout, '');
	noStackTrace(t, run);
});

test('a sysfs root that is not one: one clear line, exit 2', async t => {
	const run = await hvtop(['--live', '--once', '--sysfs-root', '/nonexistent-sysfs-for-hvtop']);
	t.is(run.code, 2);
	t.regex(run.stderr, /cannot list \/nonexistent-sysfs-for-hvtop\/class\/net: not a sysfs tree/);
	noStackTrace(t, run);
});

test('a reader that stops early (| head -1) ends the output quietly, exit 0', async t => {
	const child = spawn(process.execPath, [cli, '--json', '--count', '20', '--interval', '0.1'], {env: {...process.env, CI: 'true'}, stdio: ['ignore', 'pipe', 'pipe']});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	// Read the first line, then close the pipe as `head -1` does.
	const firstLine = await new Promise<string>(resolve => {
		let text = '';
		child.stdout.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			if (text.includes('\n')) {
				child.stdout.destroy();
				resolve(text.slice(0, text.indexOf('\n')));
			}
		});
	});
	const code = await new Promise<number | null>(resolve => child.on('close', resolve));
	t.regex(firstLine, /^\{"version":1,/);
	t.is(code, 0);
	t.is(stderr, '', 'nothing on stderr, no stack trace');
});

test('output that cannot be written (a full disk) is one line on stderr, exit 1', async t => {
	if (!existsSync('/dev/full')) {
		t.pass('no /dev/full here: skipped');
		return;
	}

	const child = spawn(process.execPath, [cli, '--once', '--interval', '0.1'], {env: {...process.env, CI: 'true'}, stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe']});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const code = await new Promise<number | null>(resolve => child.on('close', resolve));
	t.is(code, 1);
	t.regex(stderr, /^hvtop: cannot write the output: ENOSPC/);
	t.notRegex(stderr, /\n\s+at /, 'no stack trace');
});

test('--once under --ascii, or in a locale that is not UTF-8, prints no character beyond ASCII (tables, ×)', async t => {
	const nonAscii = /[^\u0000-\u007F]/u;
	const plain = await hvtop(['--once', '--model', '--demo'], {LANG: 'C.UTF-8', LC_ALL: ''});
	t.regex(plain.stdout, nonAscii, 'the UTF-8 table has box-drawing characters');
	for (const [args, env] of [[['--ascii'], {LANG: 'C.UTF-8', LC_ALL: ''}], [[], {LANG: 'C', LC_ALL: '', LC_CTYPE: ''}]] as const) {
		// eslint-disable-next-line no-await-in-loop
		const once = await hvtop(['--once', '--model', '--demo', ...args], env);
		t.is(once.code, 0, once.stderr);
		t.notRegex(once.stdout, nonAscii, `${args.join(' ')} ${JSON.stringify(env)}`);
		t.regex(once.stdout, /\+-+\+/, 'the table is drawn in ASCII');
	}
});
