// The CPU view's text with per-CPU time: what fits at 80 and 120 columns,
// and "saturated" measured from softirq + system where /proc/stat is read,
// inferred from squeezes and drops (and labelled so) where it is not.
import test from 'ava';
import type {DeviceReading} from '../../source/stats/reading.js';
import {cpuRows, cpusView, cpuViewLines} from '../../source/views/cpus.js';
import {scenarioRun} from '../advice/helpers.js';

const text = (reading: DeviceReading, columns: number) => cpuViewLines(reading, {units: 'bits', columns, maxLines: 40}).map(l => l.text);

/** The same reading as a source without /proc/stat gives it. */
const unmeasured = (reading: DeviceReading): DeviceReading => ({
	...reading,
	rates: {...reading.rates!, cpus: reading.rates!.cpus.map(({shares: _shares, ...cpu}) => cpu)},
});

test('80 columns: sirq% sys% usr% idle% st% stay, the byte rate and NET_TX go; every line fits', async t => {
	const {reading, snapshot} = (await scenarioRun('few-channels')).device('eth0');
	const lines = text(reading, 80);
	t.true(lines.every(l => l.length <= 80), lines.find(l => l.length > 80));
	t.is(lines[0], ' CPU  queues   rx pps  tx pps sirq% sys% usr% idle% st%  NET_RX  drops    sqz');
	const busy = lines.find(l => l.startsWith(`${String(snapshot.channelCpu[0]).padStart(4)}! 0 `))!;
	t.regex(busy, / 100 +0 +0 +0 +0 /, 'a channel CPU spends the whole interval in softirq');
	const idle = lines.find(l => l.startsWith('   1  - '))!;
	t.regex(idle, /^ {3}1 {2}- +0 +0 +\d +\d +\d +\d{2} +0 /, 'a CPU without a channel is mostly idle');
	t.regex(lines.at(-1)!, /2 saturated \(!: sirq\+sys ≥ 85 %\)/);
});

test('120 columns: every column, the rx rate and VF packets included', async t => {
	const {reading} = (await scenarioRun('few-channels')).device('eth0');
	const lines = text(reading, 120);
	t.true(lines.every(l => l.length <= 120));
	t.is(lines[0], ' CPU  queues   rx pps     rx rate  tx pps  vf pps sirq% sys% usr% idle% st%  NET_RX  NET_TX  drops    sqz');
	t.is(lines.length, 1 + 16 + 1);
});

test('saturation measured: a busy CPU without squeezes counts, a squeezing CPU with idle time does not', async t => {
	const {reading} = (await scenarioRun('few-channels')).device('eth0');
	const rates = reading.rates!;
	const cpus = rates.cpus.map(cpu => (cpu.cpu === 5
		? {...cpu, squeezesPerSec: 0, dropsPerSec: 0, shares: {softirq: 0.8, system: 0.06, user: 0.04, idle: 0.1, irq: 0, steal: 0}}
		: (cpu.squeezesPerSec > 0 ? {...cpu, shares: {softirq: 0.5, system: 0.3, user: 0, idle: 0.2, irq: 0, steal: 0}} : cpu)));
	const rows = cpuRows({...rates, cpus});
	t.deepEqual(rows.filter(r => r.saturated).map(r => r.cpu), [5], 'softirq 80 % + system 6 % ≥ 85 %; 50 + 30 is not');
	t.true(rows.every(r => r.saturation === 'measured'));
});

test('saturation inferred without /proc/stat: the same CPUs by their squeezes and drops, labelled inferred, shares "-"', async t => {
	const {reading, snapshot} = (await scenarioRun('few-channels')).device('eth0');
	const rows = cpuRows(unmeasured(reading).rates!);
	t.deepEqual(rows.filter(r => r.saturated).map(r => r.cpu), [...snapshot.channelCpu].sort((a, b) => a - b));
	t.true(rows.every(r => r.saturation === 'inferred' && r.shares === undefined));
	const lines = text(unmeasured(reading), 80);
	t.regex(lines.find(l => l.startsWith(`${String(snapshot.channelCpu[0]).padStart(4)}!`))!, / +- +- +- +- +- +/);
	t.regex(lines.at(-1)!, /2 saturated \(!: inferred\)/);
});

test('--json: each CPU carries its shares and how its saturation was judged', async t => {
	const {reading, snapshot} = (await scenarioRun('few-channels')).device('eth0');
	// As --json writes it: through JSON text.
	const written = JSON.stringify(cpusView.json({snapshot, rates: reading.rates!, name: 'eth0'} as Parameters<typeof cpusView.json>[0], {}));
	const json = JSON.parse(written) as {cpus: Array<{cpu: number; saturation: string; shares: Record<string, number>}>};
	const busy = json.cpus.find(c => c.cpu === snapshot.channelCpu[0])!;
	t.is(busy.saturation, 'measured');
	t.deepEqual(busy.shares, {softirq: 1, system: 0, user: 0, idle: 0, irq: 0, steal: 0});
	t.true(json.cpus.every(c => Object.values(c.shares).every(share => share >= 0 && share <= 1)));
});

test('sort by softirq: the measured time share first, NET_RX between equal shares', async t => {
	const {reading, snapshot} = (await scenarioRun('few-channels')).device('eth0');
	const lines = cpuViewLines(reading, {units: 'bits', columns: 80, maxLines: 40, sort: 'softirq'}).map(l => l.text);
	const order = lines.slice(1, 17).map(l => Number.parseInt(l, 10));
	t.deepEqual(order.slice(0, 2).sort((a, b) => a - b), [...snapshot.channelCpu].sort((a, b) => a - b), 'the two CPUs at 100 % softirq lead');
	t.true(lines.some(l => l.includes('sorted by softirq (s)')));
	const rows = new Map(cpuRows(reading.rates!).map(r => [r.cpu, r]));
	for (let i = 1; i < order.length; i++) {
		const [a, b] = [rows.get(order[i - 1]!)!, rows.get(order[i]!)!];
		t.true(a.shares!.softirq > b.shares!.softirq || (a.shares!.softirq === b.shares!.softirq && a.netRxPerSec >= b.netRxPerSec), `CPU ${a.cpu} before ${b.cpu}`);
	}
});
