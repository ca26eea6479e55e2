// `hvtop set rss …` as a process on the model: what an admin sees and the exit
// status (kept 0, bad value 2, refused 3, reverted 4), and the channels change
// that a hand-set table blocks, with the way out. Runs the built program.
import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'dist', 'hvtop.js');
const stateDir = mkdtempSync(path.join(tmpdir(), 'hvtop-set-rss-'));
test.after.always(() => {
	rmSync(stateDir, {recursive: true, force: true});
});

type Run = {code: number; stdout: string; stderr: string};

async function hvtop(args: readonly string[], stdin: 'closed' | 'open' = 'closed'): Promise<Run> {
	if (!existsSync(bin)) {
		throw new Error('dist/hvtop.js is missing: run npm run build first');
	}

	return new Promise(resolve => {
		// Stdin closed: --yes tests and refusals never ask; without --yes the session counts as lost.
		const child = execFile(process.execPath, [bin, ...args], {env: {...process.env, HVTOP_STATE_DIR: stateDir}, timeout: 60_000}, (error, stdout, stderr) => {
			resolve({code: typeof error?.code === 'number' ? error.code : (error ? -1 : 0), stdout, stderr});
		});
		// Closed: the session is lost (before or after the apply, as the race goes); open: nobody answers.
		if (stdin === 'closed') {
			child.stdin?.end();
		}
	});
}

test('set rss DEV default on rss-skew: planned, applied, read back and kept (exit 0)', async t => {
	const run = await hvtop(['set', 'rss', 'eth0', 'default', '--model', '--scenario', 'rss-skew', '--yes']);
	t.is(run.code, 0, run.stderr);
	t.regex(run.stdout, /^MODEL eth0 \(driver hv_netvsc\)/m);
	t.regex(run.stdout, /eth0 rss: table weights 46 12 11 12 12 11 12 12 .* → table equal over 8 queues/);
	t.regex(run.stdout, /110 table entries of 128 point at another queue/);
	t.regex(run.stdout, /^KEPT +eth0 rss: kept table equal over 8 queues/m);
});

test('set rss DEV equal 2 with no answer: applied, then reverted at the deadline (exit 4)', async t => {
	// The terminal stays open and nobody types: the keep deadline (2 s) reverts it.
	const run = await hvtop(['set', 'rss', 'eth0', 'equal', '2', '--model', '--keep-timeout', '2'], 'open');
	t.is(run.code, 4, `${run.stdout}\n${run.stderr}`);
	t.regex(run.stdout, /^REVERTED +eth0 rss/m);
});

test('set rss: bad values are one line and exit 2, before anything runs', async t => {
	for (const [args, pattern] of [
		[['equal', '9'], /equal 9 would use queue 8/],
		[['weight', '0', '0'], /At least one weight must be non-zero/],
		[['hkey', '6d:5a'], /is 40 bytes; hkey has 2/],
		[['equal', '2', 'default'], /exclude each other/],
		[[], /give equal N, weight/],
	] as const) {
		// eslint-disable-next-line no-await-in-loop -- one program at a time on a shared machine
		const run = await hvtop(['set', 'rss', 'eth0', ...args, '--model', '--yes']);
		t.is(run.code, 2, args.join(' '));
		t.regex(run.stderr, pattern, args.join(' '));
		t.notRegex(run.stdout, /APPLYING/);
	}
});

test('set channels below the hand-set table\'s highest queue: refused before applying (exit 3), with the way out', async t => {
	const run = await hvtop(['set', 'channels', 'eth0', '4', '--model', '--scenario', 'rss-skew', '--yes']);
	t.is(run.code, 3, run.stdout);
	t.regex(run.stderr, /requested channel counts are too low for existing indirection table \(7\)/);
	t.regex(run.stderr, /reset the table first: hvtop set rss eth0 default/);
	t.notRegex(run.stdout, /APPLYING/);
});
