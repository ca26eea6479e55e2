// The views and the advice on the live source, driven by the synthetic
// Hyper-V guest of the live issue (sysfs/procfs trees and a stand-in ethtool):
// the numbers come through the real live readers, not the model.
import test from 'ava';
import {render} from 'ink-testing-library';
import {adviseReading} from '../../source/advice/index.js';
import {pollAll} from '../../source/poll.js';
import type {Readings} from '../../source/stats/reading.js';
import {createLiveSource} from '../../source/sources/live/index.js';
import CpuView from '../../source/ui/cpu-view.js';
import RssView from '../../source/ui/rss-view.js';
import VfView from '../../source/ui/vf-view.js';
import {createSyntheticNetvsc} from '../helpers/synthetic-netvsc.js';

test.serial('cpu, rss and vf views and advice on the synthetic netvsc machine', async t => {
	const machine = createSyntheticNetvsc();
	t.teardown(() => {
		machine.cleanup();
	});
	const created = await createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool, timeoutMs: 60_000});
	if (!created.ok) {
		t.fail(created.error.message);
		return;
	}

	const source = created.value;
	t.teardown(async () => source.close());
	const devices = await source.devices();
	let readings: Readings = await pollAll(source, devices, new Map(), 1000);

	// One second of traffic: eth0 mostly through its VF, eth1 (4 of 8
	// channels) with queue 1 drowning its CPU.
	for (let cpu = 0; cpu < 8; cpu++) {
		machine.addVfTraffic('eth0', cpu, {rxPackets: 50_000, rxBytes: 50_000_000, txPackets: 40_000, txBytes: 4_000_000});
	}

	machine.addQueueTraffic('eth0', 0, {rxPackets: 100, rxBytes: 6400});
	for (const [queue, packets] of [[0, 20_000], [1, 30_000], [2, 25_000], [3, 22_000]] as const) {
		machine.addQueueTraffic('eth1', queue, {rxPackets: packets, rxBytes: packets * 1500, txPackets: packets / 2, txBytes: packets * 50});
	}

	const queue1Cpu = readings.get('eth1')!.snapshot!.channelCpu[1]!;
	machine.setSoftnet(queue1Cpu, {dropped: 0, squeezed: 400});
	readings = await pollAll(source, devices, readings, 2000);
	const eth1 = readings.get('eth1')!;

	const ordered = devices.map(name => readings.get(name)!);
	const cpus = render(<CpuView reading={readings.get('eth1')} units='bits' columns={80} maxLines={17}/>);
	// The synthetic tree's /proc/stat does not move: no CPU time, so saturation is inferred from the squeezes.
	t.regex(cpus.lastFrame()!, /8 CPUs: 4 serve 4 channels, 4 serve none, 1 saturated \(!: inferred\)/);
	t.regex(cpus.lastFrame()!, new RegExp(`\\n\\s+${queue1Cpu}! 1\\s+30\\.0k\\s+15\\.0k\\s+- +- +- +- +- `));
	cpus.unmount();

	const rss = render(<RssView reading={readings.get('eth1')} columns={80} maxLines={17}/>);
	t.regex(rss.lastFrame()!, /hash toeplitz {2}key 6d:5a:56:da/);
	t.regex(rss.lastFrame()!, /table 128 entries → 4 of 4 queues, default \(i % 4\)/);
	rss.unmount();

	const vf = render(<VfView readings={ordered} units='bits' columns={80} maxLines={17}/>);
	t.regex(vf.lastFrame()!, /VF enP30832s1\s+400k/);
	t.regex(vf.lastFrame()!, /VF carries 100% of packets: idle synthetic queues are expected/);
	vf.unmount();

	t.true(adviseReading(readings.get('eth0')!).some(a => a.id === 'vf-carries-traffic'));
	const advice = adviseReading(eth1);
	t.is(adviseReading(readings.get('eth1')!)[0]?.id, 'few-channels', JSON.stringify(advice.map(a => a.id)));
});
