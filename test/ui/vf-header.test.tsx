// One NIC, two paths in the header: the synthetic sizes as always, the VF's
// driver, channels and rings beside the offloads, within 80 columns.
import test from 'ava';
import {render} from 'ink-testing-library';
import Dashboard from '../../source/ui/dashboard.js';
import Header from '../../source/ui/header.js';
import {computeRates} from '../../source/stats/rates.js';
import {fakeSnapshot, type FakeDevice} from '../helpers/fake-source.js';
import {frameLines} from './view-budget.js';

const mana: FakeDevice = {name: 'eth0', rxPps: [300, 200], vf: 'enP30832s1', vfDevice: {name: 'enP30832s1', rings: {rx: 2048, tx: 256}}};

test('header at 80 columns: synthetic sizes, then the VF driver, its channels and rings', t => {
	const ui = render(<Header host='vm' sourceLabel='FAKE' isModel devices={['eth0']} deviceIndex={0} snapshot={fakeSnapshot(mana, 1000)} paused={false} intervalMs={1000}/>);
	const lines = frameLines(ui.lastFrame());
	t.is(lines.length, 4);
	t.regex(lines[1]!, /^eth0 {2}hv_netvsc {2}link up 10G {2}VF enP30832s1 {2}8 vCPU$/);
	t.regex(lines[2]!, /^channels 2\/8 {2}rings rx 9709\/18811 tx 170\/2560 sections/);
	t.regex(lines[3]!, /^VF mana {2}channels 16\/64 {2}rings rx 2048\/8192 tx 256\/16384 {2}rx-cqe-frames 1/);
	ui.unmount();
	const plain = render(<Header host='vm' sourceLabel='FAKE' isModel devices={['eth0']} deviceIndex={0} snapshot={fakeSnapshot({name: 'eth0', rxPps: [1]}, 1000)} paused={false} intervalMs={1000}/>);
	t.regex(frameLines(plain.lastFrame())[3]!, /^offloads: /);
	plain.unmount();
});

test('the dashboard at 80×24 with a mana VF: every line fits, the VF queues on screen by default', t => {
	const snapshot = fakeSnapshot(mana, 2000);
	const reading = {name: 'eth0', snapshot, rates: computeRates(fakeSnapshot(mana, 1000), snapshot)};
	const ui = render(<Dashboard host='vm' sourceLabel='FAKE' isModel devices={['eth0']} deviceIndex={0} reading={reading} readings={[reading]} history={undefined} advice={[]} view='queues' adviceOpen={false} paused={false} units='bits' hideIdle={false} scroll={0} columns={80} rows={24} intervalMs={1000} ascii={false} color={false} hints='? help' status='VF enP30832s1 removed by the host: traffic on the synthetic path'/>);
	const lines = frameLines(ui.lastFrame());
	t.true(lines.length <= 23, String(lines.length));
	t.true(lines.every(l => l.length <= 80));
	t.true(lines.includes('VF enP30832s1 (mana) queues  ·  f: synthetic channels'));
	t.true(lines.includes('VF enP30832s1 removed by the host: traffic on the synthetic path'));
	ui.unmount();
});
