// The whole screen on the live source, driven by a synthetic Hyper-V guest (a
// sysfs/procfs tree and a stand-in ethtool): what an admin on Azure would see.
import {execFile} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {render} from 'ink-testing-library';
import App from '../../source/app.js';
import {manualClock, manualScheduler} from '../../source/clock.js';
import {createLiveSource} from '../../source/sources/live/index.js';
import {createSyntheticNetvsc} from '../helpers/synthetic-netvsc.js';
import {ticker, waitForFrame, waitUntil} from '../helpers/ink.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('the dashboard on a synthetic hv_netvsc guest: live label, channels, per-queue rates, the channel→CPU map and the VF', async t => {
	const machine = createSyntheticNetvsc();
	t.teardown(() => {
		machine.cleanup();
	});
	const opened = await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool, timeoutMs: 60_000});
	if (!opened.ok) {
		t.fail(opened.error.message);
		return;
	}

	const clock = manualClock(1000);
	const schedule = manualScheduler();
	const ui = render(<App source={opened.value} clock={clock} schedule={schedule} intervalMs={1000} host='azvm' columns={100} rows={40}/>);
	const tick = ticker({clock, schedule});

	const waitFor = async (pattern: RegExp) => waitForFrame(ui.lastFrame, pattern);
	await waitFor(/LIVE — 2 hv_netvsc devices[\s\S]*channels 8\/8/);
	await waitUntil(() => schedule.pending() === 1, 'the first reading');
	// One second of traffic: queue 3 gets 5000 packets of 1500 bytes.
	machine.addQueueTraffic('eth0', 3, {rxPackets: 5000, rxBytes: 7_500_000});
	await tick();
	const queues = await waitFor(/\n\s+3\s+\d+\s+5\.00k\s+60\.0 Mb\/s/);
	t.regex(queues, /eth0 1\/2 {2}hv_netvsc/);
	t.regex(queues, /VF enP30832s1/);
	t.regex(queues, /channels 8\/8/);
	t.regex(queues, /100%/);

	ui.stdin.write('2');
	const cpus = await waitFor(/CPU {2}queues/);
	// Each of eth0's 8 channels is bound to a CPU: the map comes from /sys/bus/vmbus/devices/<guid>/channels/*/cpu.
	const channelLines = cpus.split('\n').filter(line => /^\s+\d+[! ] \d/.test(line));
	t.true(channelLines.length >= 1, cpus);
	t.regex(cpus, /8 CPUs: \d+ serve 8 channels/);
	ui.unmount();
});

test('hvtop without flags on that guest picks the live source by itself', async t => {
	const machine = createSyntheticNetvsc();
	t.teardown(() => {
		machine.cleanup();
	});
	const output = await new Promise<string>((resolve, reject) => {
		execFile(process.execPath, [path.join(root, 'dist', 'cli.js'), '--once', '--interval', '0.2', '--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', machine.ethtool], {timeout: 60_000}, (error, stdout, stderr) => {
			if (error) {
				reject(new Error(`${error.message}\n${stderr}`));
			} else {
				resolve(stdout);
			}
		});
	});
	t.regex(output, /hvtop — LIVE — 2 hv_netvsc devices/);
	t.regex(output, /eth0 {2}hv_netvsc .* VF enP30832s1/);
	t.regex(output, /eth1 {2}hv_netvsc/);
	t.regex(output, /channels 4\/8/);
});
