// Issue 14: the reshaping must not change what users see. The model's
// --once and --json output for every scenario × view was recorded from main
// (b75ad15 + the test fix after it) before the reshaping began, into
// test/fixtures/model-output/; this test runs the built bin and compares
// byte for byte. --demo makes the model exact; only JSON's wall-clock "time"
// differs between runs. To record anew after an intended change:
// HVTOP_RECORD_GOLDEN=1 npx ava test/output/model-golden.test.ts
import {execFile} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'dist/hvtop.js');
const goldenDir = path.join(root, 'test/fixtures/model-output');
const record = process.env['HVTOP_RECORD_GOLDEN'] === '1';

const scenarios = ['balanced', 'elephant', 'few-channels', 'small-rings', 'vf', 'large'] as const;
const views = ['queues', 'cpus', 'rss', 'vf'] as const;
const formats = [
	{name: 'once', argv: ['--once']},
	{name: 'once-ascii', argv: ['--once', '--ascii']},
	{name: 'json', argv: ['--json']},
] as const;

// A fixed, plain environment: no terminal, UTF-8 unless the case asks for ASCII.
const env = {PATH: path.dirname(process.execPath), LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', NO_COLOR: '1'};

async function hvtop(argv: readonly string[]): Promise<{code: number | undefined; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(process.execPath, [bin, ...argv], {cwd: root, env, timeout: 60_000, maxBuffer: 64 << 20}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : undefined) : 0, stdout, stderr});
		});
	});
}

const untimed = (text: string) => text.replaceAll(/"time":"[^"]*"/g, '"time":"T"');

for (const scenario of scenarios) {
	for (const view of views) {
		test(`model ${scenario} × ${view}: --once, --once --ascii and --json as recorded before the reshaping`, async t => {
			t.timeout(120_000);
			for (const format of formats) {
				const argv = [...format.argv, '--model', '--demo', '--scenario', scenario, '--view', view, '--count', '2', '--interval', '0.2'];
				// eslint-disable-next-line no-await-in-loop
				const result = await hvtop(argv);
				t.is(result.code, 0, `${argv.join(' ')}: ${result.stderr}`);
				const file = path.join(goldenDir, `${scenario}.${view}.${format.name}.txt`);
				const actual = untimed(result.stdout) + (result.stderr === '' ? '' : `--- stderr\n${result.stderr}`);
				if (record) {
					mkdirSync(goldenDir, {recursive: true});
					writeFileSync(file, actual);
				}

				t.is(actual, readFileSync(file, 'utf8'), argv.join(' '));
			}
		});
	}
}
