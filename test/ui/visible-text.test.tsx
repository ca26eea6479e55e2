// Terminal escape injection (issue 12, item 5): an interface name with ESC and
// BEL in it (the kernel allows both), a driver string from `ethtool -i` and
// ethtool's error text reach the screen, --once and stderr only as visible
// text; --json keeps the exact values.
import {execFile} from 'node:child_process';
import {chmodSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import {render} from 'ink-testing-library';
import App from '../../source/app.js';
import {manualClock, manualScheduler} from '../../source/clock.js';
import {createLiveSource} from '../../source/sources/live/index.js';
import {isVisibleSafe, visible, visibleJson, visibleLines} from '../../source/visible.js';
import {createSyntheticNetvsc, type SyntheticMachine} from '../helpers/synthetic-netvsc.js';
import {waitForFrame} from '../helpers/ink.js';

const root = new URL('../..', import.meta.url).pathname;
// The built CLI (npm test builds it first): starts faster than through tsx.
const cli = join(root, 'dist', 'cli.js');

// An OSC 0 title change, an OSC 52 clipboard write, a screen clear, a C1 CSI and a bidi override.
const hostileName = 'n\u001B]0;pwn\u0007';
const hostileVf = 'vf\u001B]52;c;aGk=\u0007';
const hostileKernel = '6.1\u001B[2J\u009B31m\u202E';
const hostileError = 'netlink error: \u001B]0;owned\u0007 \u001B[2J\u202Egone';

/** Everything a terminal would act on, after taking out the colours Ink itself writes. */
function obeyed(output: string): string[] {
	const found = output.replaceAll(/\u001B\[[\d;]*m/g, '').match(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/g);
	return [...new Set(found ?? [])].map(char => visible(char));
}

function hostileMachine(t: {teardown(fn: () => void): void}): {machine: SyntheticMachine; ethtool: string} {
	const machine = createSyntheticNetvsc({
		kernel: hostileKernel,
		nics: [
			{name: 'eth0', channels: 4, maxChannels: 8, vf: hostileVf},
			{name: 'eth1', channels: 2, maxChannels: 8},
			{name: hostileName, channels: 2, maxChannels: 8},
		],
	});
	t.teardown(() => {
		machine.cleanup();
	});
	// eth1's -S fails with hostile error text; everything else is the stand-in.
	const ethtool = join(machine.dir, 'ethtool-hostile');
	writeFileSync(ethtool, `#!/bin/sh\nif [ "$1" = "-S" ] && [ "$2" = "eth1" ]; then printf '${hostileError.replaceAll('\u001B', '\\033').replaceAll('\u0007', '\\007').replaceAll('\u202E', '\\342\\200\\256')}\\n' >&2; exit 1; fi\nexec "${machine.ethtool}" "$@"\n`);
	chmodSync(ethtool, 0o755);
	return {machine, ethtool};
}

test('visible(): every control is escaped, visibly and consistently; safe text is itself', t => {
	t.is(visible('a\u001B]0;x\u0007b'), String.raw`a\x1b]0;x\x07b`);
	t.is(visible('\u009B\u007F\u202E\u2066\t\n'), String.raw`\x9b\x7f\u202e\u2066\x09\x0a`);
	t.is(visibleLines('one\u001B\ntwo'), 'one\\x1b\ntwo');
	t.is(visibleJson(JSON.stringify('a\u009B\u202E\u001B')), String.raw`"a\u009b\u202e\u001b"`);
	const text = fc.string({unit: fc.oneof(fc.constantFrom('\u001B', '\u0007', '\u009B', '\u009D', '\u007F', '\u202E', '\u2067', '\n', '\r', '\t', '\u0000'), fc.string({unit: 'binary', minLength: 1, maxLength: 1}))});
	fc.assert(fc.property(text, s => {
		const shown = visible(s);
		const lines = visibleLines(s);
		const json = visibleJson(JSON.stringify(s));
		return isVisibleSafe(shown)
			&& (isVisibleSafe(s) ? shown === s : shown !== s)
			&& obeyed(lines).length === 0
			&& lines.split('\n').length === s.split('\n').length
			&& JSON.parse(json) === s
			&& obeyed(json).length === 0;
	}), {numRuns: 20_000});
});

test('every Text in the app is the visible-safe one (no Text imported from ink directly)', t => {
	const files = (dir: string): string[] => readdirSync(dir, {withFileTypes: true}).flatMap(entry =>
		entry.isDirectory() ? files(join(dir, entry.name)) : (/\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : []));
	const offenders = [...files(join(root, 'source')), join(root, 'cli.tsx')]
		.filter(file => !file.endsWith(join('ui', 'text.tsx')))
		.filter(file => /import\s*\{[^}]*\bText\b[^}]*\}\s*from\s*'ink'/.test(readFileSync(file, 'utf8')))
		.map(file => relative(root, file));
	t.deepEqual(offenders, []);
});

test('the dashboard shows hostile names, driver strings and ethtool errors as text', async t => {
	const {machine, ethtool} = hostileMachine(t);
	const opened = await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool});
	if (!opened.ok) {
		t.fail(opened.error.message);
		return;
	}

	t.teardown(async () => opened.value.close());
	const clock = manualClock(1000);
	const schedule = manualScheduler();
	const ui = render(<App source={opened.value} clock={clock} schedule={schedule} intervalMs={1000} host='az\u001B]0;host\u0007vm' columns={120} rows={40}/>);
	t.teardown(() => {
		ui.unmount();
	});
	const eth0 = await waitForFrame(ui.lastFrame, /VF vf\\x1b]52;c;aGk=\\x07/, 15_000);
	t.deepEqual(obeyed(eth0), []);
	ui.stdin.write('\t');
	const eth1 = await waitForFrame(ui.lastFrame, /owned/, 15_000);
	t.regex(eth1, /\\x1b]0;owned\\x07 \\x1b\[2J\\u202egone/);
	t.deepEqual(obeyed(eth1), []);
	ui.stdin.write('\t');
	const third = await waitForFrame(ui.lastFrame, /n\\x1b]0;pwn\\x07 3\/3/, 15_000);
	t.deepEqual(obeyed(third), []);
	t.deepEqual(obeyed(ui.frames.join('')), []);
});

async function hvtop(args: readonly string[]): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(process.execPath, [cli, ...args], {timeout: 60_000, env: {...process.env, CI: 'true'}}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr});
		});
	});
}

test('--once and stderr print them as text; --json keeps the exact values', async t => {
	const {machine, ethtool} = hostileMachine(t);
	const roots = ['--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', ethtool, '--interval', '0.2'];
	const once = await hvtop(['--once', ...roots]);
	t.regex(once.stdout, /VF vf\\x1b]52;c;aGk=\\x07/);
	t.regex(once.stdout, /6\.1\\x1b\[2J\\x9b31m\\u202e/);
	t.regex(once.stdout, /\\x1b]0;owned\\x07/);
	t.deepEqual(obeyed(once.stdout), []);
	t.deepEqual(obeyed(once.stderr), []);

	const json = await hvtop(['--json', ...roots]);
	t.deepEqual(obeyed(json.stdout), []);
	const objects = json.stdout.trim().split('\n').map(line => JSON.parse(line) as Record<string, any>);
	t.is(objects.find(object => object['device'] === 'eth0')?.['vf'], hostileVf);
	t.true(String(objects.find(object => object['device'] === 'eth1')?.['stats']?.error?.message).includes(hostileError.slice('netlink error: '.length)));
	t.truthy(objects.find(object => object['device'] === hostileName));

	const bad = await hvtop(['--once', ...roots, '--device', hostileName]);
	t.not(bad.code, 0);
	t.deepEqual(obeyed(bad.stderr), []);
	const unknown = await hvtop(['--once', ...roots, '--device', 'zz\u001B]0;x\u0007']);
	t.deepEqual(obeyed(unknown.stderr), [], unknown.stderr);
});
