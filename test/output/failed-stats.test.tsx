// A failed `ethtool -S` (timeout, signal, oversized or garbage output) is not
// an idle NIC (issue 12, item 6): no zero rates and no imbalance for it, the
// error where the queue table would be, `stats.error` in the JSON, exit 1;
// and the interval after it is measured from the last good read, not from
// the failed one.
import {execFile} from 'node:child_process';
import {chmodSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import test from 'ava';
import {render} from 'ink-testing-library';
import App from '../../source/app.js';
import {manualClock, manualScheduler} from '../../source/clock.js';
import {readingToJson} from '../../source/output/json.js';
import {onceText} from '../../source/output/once.js';
import {pollDevice} from '../../source/poll.js';
import type {DeviceReading} from '../../source/stats/reading.js';
import {createLiveSource} from '../../source/sources/live/index.js';
import {trafficError} from '../../source/sources/traffic-error.js';
import type {Source} from '../../source/sources/source.js';
import {createSyntheticNetvsc, type SyntheticMachine} from '../helpers/synthetic-netvsc.js';
import {waitForFrame} from '../helpers/ink.js';

// The built CLI (npm test builds it first): starts faster than through tsx.
const cli = new URL('../../dist/cli.js', import.meta.url).pathname;

function machineFor(t: {teardown(fn: () => void | Promise<void>): void}): SyntheticMachine {
	const machine = createSyntheticNetvsc();
	t.teardown(() => {
		machine.cleanup();
	});
	return machine;
}

/** An ethtool that is the stand-in, except that -S does `script` (sh). */
function wrapStats(machine: SyntheticMachine, script: string): string {
	const path = join(machine.dir, 'ethtool-wrapped');
	writeFileSync(path, `#!/bin/sh\nif [ "$1" = "-S" ]; then\n${script}\nfi\nexec "${machine.ethtool}" "$@"\n`);
	chmodSync(path, 0o755);
	return path;
}

// Only the hang needs a short timeout; the others get a long one, so a loaded
// machine starting the stand-in slowly cannot turn their failure into ETIMEDOUT.
async function liveSource(t: {teardown(fn: () => void | Promise<void>): void}, machine: SyntheticMachine, ethtool: string, timeoutMs = 30_000): Promise<Source> {
	const created = await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool, timeoutMs, retryMs: 1});
	if (!created.ok) {
		throw new Error(created.error.message);
	}

	t.teardown(async () => created.value.close());
	return created.value;
}

const failures: Array<[string, (machine: SyntheticMachine) => string, string]> = [
	['garbage', machine => {
		machine.setBehaviour('eth0', '-S', 'garbage');
		return machine.ethtool;
	}, 'EPARSE'],
	['a timeout', machine => {
		machine.setBehaviour('eth0', '-S', 'hang');
		return machine.ethtool;
	}, 'ETIMEDOUT'],
	['oversized output', machine => wrapStats(machine, 'head -c 5000000 /dev/zero | tr "\\000" "x"; exit 0'), 'ENOBUFS'],
	['a signal', machine => wrapStats(machine, 'kill -9 $$'), ''],
];

for (const [what, arrange, code] of failures) {
	test.serial(`-S failing with ${what}: no rates, no imbalance, the error in the JSON and in the table's place`, async t => {
		const machine = machineFor(t);
		const ethtool = arrange(machine);
		const source = await liveSource(t, machine, ethtool, code === 'ETIMEDOUT' ? 2500 : undefined);
		let reading: DeviceReading = await pollDevice(source, undefined, 'eth0', 1000);
		reading = await pollDevice(source, reading, 'eth0', 2000);
		const failed = trafficError(reading.snapshot!);
		t.truthy(failed, 'the reading knows its traffic could not be read');
		if (code !== '') {
			t.is(failed?.code, code);
		}

		const json = readingToJson(reading, source, new Date(0));
		t.like(json, {stats: {error: {code: failed?.code, message: failed?.message}}, imbalance: null, totals: null});
		t.deepEqual(json['queues'], []);
		const text = onceText([reading], source, {units: 'bits', columns: 100});
		t.notRegex(text, /imbalance/);
		t.regex(text, /traffic: cannot read the counters \(ethtool -S\)/);
	});
}

test.serial('the interval after a failed -S is measured from the last good read', async t => {
	const machine = machineFor(t);
	const source = await liveSource(t, machine, machine.ethtool);
	const good = await pollDevice(source, undefined, 'eth0', 1000);
	machine.setBehaviour('eth0', '-S', 'garbage');
	const failed = await pollDevice(source, good, 'eth0', 2000);
	t.truthy(trafficError(failed.snapshot!));
	machine.setBehaviour('eth0', '-S', undefined);
	machine.addQueueTraffic('eth0', 2, {rxPackets: 4000, rxBytes: 4_000_000});
	const after = await pollDevice(source, failed, 'eth0', 3000);
	t.is(trafficError(after.snapshot!), undefined);
	t.is(after.rates?.elapsedSeconds, 2);
	t.is(after.rates?.queues[2]?.rxPps, 2000);
});

test.serial('the dashboard shows the error where the queue table would be, no zero rows or imbalance', async t => {
	const machine = machineFor(t);
	machine.setBehaviour('eth0', '-S', 'garbage');
	const source = await liveSource(t, machine, machine.ethtool);
	const clock = manualClock(1000);
	const schedule = manualScheduler();
	const ui = render(<App source={source} clock={clock} schedule={schedule} intervalMs={1000} host='azvm' columns={100} rows={30}/>);
	t.teardown(() => {
		ui.unmount();
	});
	const frame = await waitForFrame(ui.lastFrame, /traffic: cannot read the counters \(ethtool -S\): /, 20_000);
	t.regex(frame, /eth0 1\/2/);
	t.notRegex(frame, /imbalance|\brx pps\b/);
});

async function hvtop(args: readonly string[]): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(process.execPath, [cli, ...args], {timeout: 60_000, env: {...process.env, CI: 'true'}}, (error, stdout, stderr) => {
			resolve({code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr});
		});
	});
}

test.serial('--json and --once exit 1 when -S fails, as the README says', async t => {
	const machine = machineFor(t);
	machine.setBehaviour('eth0', '-S', 'garbage');
	const roots = ['--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', machine.ethtool, '--device', 'eth0', '--interval', '0.2'];
	const json = await hvtop(['--json', ...roots]);
	t.is(json.code, 1, json.stderr);
	const object = JSON.parse(json.stdout) as Record<string, any>;
	t.is(object['stats']?.error?.code, 'EPARSE');
	t.is(object['imbalance'], null);
	const once = await hvtop(['--once', ...roots]);
	t.is(once.code, 1, once.stderr);
	t.regex(once.stdout, /traffic: cannot read the counters/);
	t.notRegex(once.stdout, /imbalance 1\.00/);
});
