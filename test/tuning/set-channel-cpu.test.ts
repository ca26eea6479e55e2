// `hvtop set channel-cpu` prints what the dashboard's dialog shows: the receive
// load of both CPUs now and estimated after the move, measured over an interval
// before planning (here 50 ms of virtual time on the model).
import {PassThrough} from 'node:stream';
import test from 'ava';
import {exitCodes} from '../../source/commands/exit-codes.js';
import {runSetCommand} from '../../source/commands/set.js';
import {createModelSource} from '../../source/sources/model.js';
import {virtualTime} from '../helpers/virtual-timers.js';
import {tempDir} from './helpers/setup.js';

async function set(argv: string[], dir: string, measureMs: number | undefined) {
	const made = createModelSource({scenario: 'balanced', seed: 7});
	if (!made.ok) {
		throw new Error(made.error.message);
	}

	const io = {stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough()};
	let out = '';
	let err = '';
	io.stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	io.stderr.on('data', (chunk: Buffer) => {
		err += chunk.toString();
	});
	const time = virtualTime();
	const code = await runSetCommand(argv, {...io, env: {}}, {
		createSource: async () => made,
		controller: {stateDir: dir, verifyDelaysMs: [10], revertDelaysMs: [10], kmsg: false, clock: time.clock, timers: time.timers},
		handleSignals: false,
		// Measuring before and after waits on virtual time: tests that want it say --measure.
		defaultMeasureMs: 0,
		...(measureMs === undefined ? {} : {measureMs}),
	});
	return {code, out, err};
}

test('set channel-cpu: measures first, then the plan has both CPUs\' load now and estimated after, as the dialog does', async t => {
	const result = await set(['channel-cpu', 'eth0', '1', '5', '--model', '--yes'], await tempDir(t), 50);
	t.is(result.code, exitCodes.ok, result.out + result.err);
	t.regex(result.out, /measuring eth0's load for 0\.05 s…/);
	const line = result.out.split('\n').find(text => text.includes('received packets per CPU')) ?? '';
	const match = /CPU 2 ([\d.]+k?) pkt\/s → ~0 pkt\/s, CPU 5 ([\d.]+k?) pkt\/s → ~([\d.]+k?) pkt\/s \(queue 1 carries ([\d.]+k?) pkt\/s\)/.exec(line);
	t.truthy(match, line);
	const number = (text: string): number => Number.parseFloat(text) * (text.endsWith('k') ? 1000 : 1);
	const [, from, to, after, moved] = match!;
	// The target's estimate is its load now plus the queue's, within rounding of the printed figures.
	t.true(Math.abs(number(after!) - (number(to!) + number(moved!))) <= 200, line);
	t.is(number(from!), number(moved!), 'CPU 2 serves only queue 1: its load is the queue\'s');
	t.regex(result.out, /KEPT/);
});
