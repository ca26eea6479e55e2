// The pieces of the release that need no build: reading the help text, the
// single executable's launch plan, the release manifest.
import test from 'ava';
import {parseHelp, allOptions} from '../../scripts/release/help-model.js';
import {planLaunch, restartEnv} from '../../scripts/release/launch.js';
import {roff} from '../../scripts/release/man.js';
import {releaseManifest} from '../../scripts/release/pack.js';
import {subcommandFlags} from '../../scripts/release/completions.js';
import {helpText} from '../../source/help-text.js';

test('the help text is read into usage, options (with continued lines) and notes', t => {
	const help = parseHelp(`
		tool — does things

		Usage
		  $ tool [options]        run it
		  $ tool set X N

		Options
		  --once                print once
		  --fault SPEC          arm a fault: KIND
		                        (a, b)
		  --ascii               ASCII only

		Colour is off with NO_COLOR.
		Exit status: 0 ok.
	`);
	t.is(help.title, 'tool — does things');
	t.deepEqual(help.usage, [{command: 'tool [options]', text: 'run it'}, {command: 'tool set X N', text: ''}]);
	t.deepEqual(help.options, [
		{flag: '--once', text: 'print once'},
		{flag: '--fault', arg: 'SPEC', text: 'arm a fault: KIND (a, b)'},
		{flag: '--ascii', text: 'ASCII only'},
	]);
	t.deepEqual(help.notes, ['Colour is off with NO_COLOR.', 'Exit status: 0 ok.']);
});

test('every flag of the real help text is read, plus --help and --version', t => {
	const flags = allOptions(parseHelp(helpText)).map(option => option.flag);
	for (const flag of helpText.match(/^\s+--[a-z-]+/gm)!.map(line => line.trim())) {
		t.true(flags.includes(flag), flag);
	}

	t.true(flags.includes('--help') && flags.includes('--version'));
	t.is(new Set(flags).size, flags.length);
	// `--help, --version` on one line is two flags (it was once read as a flag named "--help,").
	t.deepEqual(flags.filter(flag => !/^--[a-z][a-z-]*$/.test(flag)), []);
});

test('roff text cannot start a request and keeps backslashes', t => {
	t.is(roff('.hidden'), '\\&.hidden');
	t.is(roff('\'quoted'), '\\&\'quoted');
	t.is(roff('a\\b --x'), 'a\\eb \\-\\-x');
});

test('subcommand flags, and which take a value, come from the usage lines', t => {
	const usage = ['hvtop set rings DEV [--rx N] [--tx M] [--yes] [--live|--model]', 'hvtop rollback [DEV] [--live|--model]'];
	t.deepEqual(subcommandFlags(usage, 'set'), {flags: ['--rx', '--tx', '--yes', '--live', '--model'], valued: ['--rx', '--tx']});
	t.deepEqual(subcommandFlags(usage, 'rollback'), {flags: ['--live', '--model'], valued: []});
});

const launch = planLaunch(['--max-semi-space-size=4', '--heap-growing-percent=50', '--interrupt-budget=9'], {MALLOC_ARENA_MAX: '1'}, process.allowedNodeEnvironmentFlags);

test('the launch plan: NODE_OPTIONS takes what Node allows there, the rest is set at run time', t => {
	t.deepEqual(launch.nodeOptions, ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', '--max-semi-space-size=4']);
	t.deepEqual(launch.v8Flags, ['--heap-growing-percent=50', '--interrupt-budget=9']);
});

test('the executable starts itself again only until the environment is set, keeping the user\'s NODE_OPTIONS', t => {
	const first = restartEnv({HOME: '/root', NODE_OPTIONS: '--trace-warnings'}, launch);
	t.deepEqual(first, {HOME: '/root', MALLOC_ARENA_MAX: '1', NODE_OPTIONS: '--trace-warnings --experimental-vm-modules --disable-warning=ExperimentalWarning --max-semi-space-size=4'});
	t.is(restartEnv(first!, launch), undefined);
	t.truthy(restartEnv({...first!, MALLOC_ARENA_MAX: '8'}, launch));
});

test('the release manifest has no dependencies or scripts', t => {
	const manifest = releaseManifest({name: 'hvtop', version: '1.2.3', bin: {hvtop: 'dist/hvtop.js'}, man: ['./dist/hvtop.1'], dependencies: {ink: '1'}, optionalDependencies: {'node-pty': '1'}, scripts: {build: 'x'}, devDependencies: {}});
	t.deepEqual(Object.keys(manifest).sort(), ['bin', 'files', 'man', 'name', 'version']);
});
