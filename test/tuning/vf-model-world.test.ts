// `hvtop set … --model --scenario NAME [--seed N]` (and rollback's): the model
// world a VF change can be tried on, opened by the CLI's own createSource and
// checked with the dashboard's checks: an unknown scenario or a bad seed is one
// line and exit 2; --scenario without --model is refused, not ignored.
import {PassThrough} from 'node:stream';
import test from 'ava';
import {exitCodes} from '../../source/commands/exit-codes.js';
import {createSource} from '../../source/commands/index.js';
import {parseRollbackArgs} from '../../source/commands/rollback-args.js';
import {parseSetArgs, runSetCommand, type SourceRequest} from '../../source/commands/set.js';
import type {Source} from '../../source/sources/source.js';
import {scenarioNames} from '../../source/sources/model.js';
import {tempDir} from './helpers/setup.js';

async function set(argv: string[], dir: string) {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	stderr.on('data', (chunk: Buffer) => {
		err += chunk.toString();
	});
	const opened: Array<{request: SourceRequest; source: Source}> = [];
	const code = await runSetCommand(argv, {stdin: new PassThrough(), stdout, stderr, env: {}}, {
		async createSource(request) {
			const made = await createSource(request);
			if (made.ok) {
				// Kept open after the command, to read the model's VF back.
				opened.push({request, source: {...made.value, close: async () => undefined}});
			}

			return made.ok ? {ok: true, value: opened.at(-1)!.source} : made;
		},
		controller: {stateDir: dir, kmsg: false},
		handleSignals: false,
		// Measuring before and after waits on virtual time: tests that want it say --measure.
		defaultMeasureMs: 0,
	});
	return {code, out, err, opened};
}

test('set vf-channels eth0 8 --model --scenario mana --yes: the mana VF of the model is changed, read back, kept', async t => {
	const result = await set(['vf-channels', 'eth0', '8', '--model', '--scenario', 'mana', '--yes'], await tempDir(t));
	t.is(result.code, exitCodes.ok, result.err);
	t.like(result.opened[0]?.request, {device: 'eth0', live: false, world: {scenario: 'mana'}});
	const snap = await result.opened[0]!.source.snapshot('eth0', 10_000);
	t.true(snap.ok);
	const vf = snap.ok ? snap.value.vfDevice : undefined;
	t.is(vf?.driver, 'mana');
	t.is(vf?.channels.ok ? vf.channels.value.combined : undefined, 8);
	t.regex(result.out, new RegExp(`VF channels of ${vf?.name ?? '?'} \\(the VF of eth0\\): combined 16 → combined 8`));
	t.regex(result.out, /: kept combined 8/);
});

test('set --model without --scenario opens the default scenario, which has no VF: refused, exit 3', async t => {
	const result = await set(['vf-channels', 'eth0', '8', '--model', '--yes'], await tempDir(t));
	t.is(result.code, exitCodes.refused);
	t.regex(result.err, /eth0 has no VF/);
});

test('--seed is passed on with the scenario', async t => {
	const result = await set(['vf-rings', 'eth0', '--rx', '2048', '--model', '--scenario=mlx5', '--seed', '42', '--yes'], await tempDir(t));
	t.is(result.code, exitCodes.ok, result.err);
	t.like(result.opened[0]?.request, {world: {scenario: 'mlx5', seed: 42}});
});

test('an unknown scenario, a bad seed, or either without --model: one line, exit 2', async t => {
	const dir = await tempDir(t);
	const unknown = await set(['vf-channels', 'eth0', '8', '--model', '--scenario', 'nope', '--yes'], dir);
	t.is(unknown.code, exitCodes.usage);
	t.is(unknown.err, `hvtop set: unknown scenario "nope"; valid scenarios: ${scenarioNames().join(', ')} (see hvtop set --help)\n`);
	t.is(unknown.opened.length, 0, 'nothing opened');
	const seed = await set(['vf-channels', 'eth0', '8', '--model', '--seed', '-1', '--yes'], dir);
	t.is(seed.code, exitCodes.usage);
	t.is(seed.err, 'hvtop set: --seed must be between 0 and 4294967295, not -1 (see hvtop set --help)\n');
	t.is(parseSetArgs(['vf-channels', 'eth0', '8', '--scenario', 'mana']), '--scenario chooses the model\'s world: give --model too');
	t.is(parseSetArgs(['vf-channels', 'eth0', '8', '--live', '--seed', '3']), '--seed chooses the model\'s world: give --model too');
	t.is(parseSetArgs(['vf-channels', 'eth0', '8', '--model', '--scenario']), '--scenario needs a value');
});

test('rollback takes the same model world flags', t => {
	t.like(parseRollbackArgs(['eth0', '--model', '--scenario', 'mana', '--seed', '3']), {dev: 'eth0', model: true, world: {scenario: 'mana', seed: 3}});
	t.is(parseRollbackArgs(['eth0', '--scenario', 'mana']), '--scenario chooses the model\'s world: give --model too');
	t.regex(parseRollbackArgs(['--model', '--scenario', 'nope']) as string, /^unknown scenario "nope"; valid scenarios: balanced/);
});
