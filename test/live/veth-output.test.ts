// What hvtop prints about a real veth (no per-queue counters, no VF, no RSS
// table): every line true for that device. hvtop itself runs inside the
// namespace the test made; needs root, ip and ethtool (skips and says why).
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {createVethPair, netnsSkipReason} from '../helpers/netns.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const skipReason = await netnsSkipReason();
const liveTest = skipReason === undefined ? test.serial : test.serial.skip;
if (skipReason !== undefined) {
	console.warn(`test/live/veth-output: skipped — ${skipReason}`);
}

const hvtop = (args: readonly string[]) => [process.execPath, '--import=tsx', path.join(root, 'cli.tsx'), ...args];

liveTest('--once and --json on a veth: one device-total row, perQueue false, no VF line, RSS not supported, no Hyper-V words', async t => {
	const pair = await createVethPair(t, {queues: 2});
	const once = await pair.exec(pair.nsA, hvtop(['--live', '--device', pair.devA, '--once', '--interval', '0.2']), {cwd: root, timeoutMs: 60_000});
	t.is(once.exitCode, 0, once.stderr);
	t.regex(once.stdout, /device total/);
	t.regex(once.stdout, /veth [^\n]*has no per-queue counters/);
	t.notRegex(once.stdout, /^\s*0\s+\S+\s+[\d.]+\S*\s.*100%/m, 'no "queue 0 … 100 %" row');
	t.notRegex(once.stdout, /VF path/);
	t.notRegex(once.stdout, /vRSS|NVSP|VMQ|Accelerated Networking|limited by the host/);

	const json = await pair.exec(pair.nsA, hvtop(['--live', '--device', pair.devA, '--json', '--interval', '0.2']), {cwd: root, timeoutMs: 60_000});
	t.is(json.exitCode, 0, json.stderr);
	const object = JSON.parse(json.stdout.trim().split('\n')[0]!) as {perQueue: boolean; queues: unknown[]; driver: string};
	t.is(object.driver, 'veth');
	t.false(object.perQueue);
	t.deepEqual(object.queues, []);

	const rss = await pair.exec(pair.nsA, hvtop(['--live', '--device', pair.devA, '--once', '--view', 'rss', '--interval', '0.2']), {cwd: root, timeoutMs: 60_000});
	t.is(rss.exitCode, 0, rss.stderr);
	t.regex(rss.stdout, /not supported by veth/);
	t.notRegex(rss.stdout, /vRSS|0 entries/);

	const vf = await pair.exec(pair.nsA, hvtop(['--live', '--device', pair.devA, '--once', '--view', 'vf', '--interval', '0.2']), {cwd: root, timeoutMs: 60_000});
	t.is(vf.exitCode, 0, vf.stderr);
	t.regex(vf.stdout, /VF split: not supported by veth/);
	t.notRegex(vf.stdout, /Accelerated Networking|synthetic/);
	const cpus = await pair.exec(pair.nsA, hvtop(['--live', '--device', pair.devA, '--once', '--view', 'cpus', '--interval', '0.2']), {cwd: root, timeoutMs: 60_000});
	t.is(cpus.exitCode, 0, cpus.stderr);
	t.notRegex(cpus.stdout, /VMBus|vf pps/);
});
