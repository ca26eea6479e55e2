// Advice is true for the device it describes: Hyper-V words (vRSS, NVSP, VMQ,
// VMBus, the host, Accelerated Networking) and netvsc's rules only for
// hv_netvsc; the same traffic on another driver gets driver-neutral advice.
import test from 'ava';
import {adviseDevice, allRules, type AdviceInput} from '../../source/advice/index.js';
import {adviceOn, everyCase} from './helpers.js';

const hyperV = /vRSS|NVSP|VMQ|VMBus|Hyper-V|Azure|host|Accelerated Networking|\bVF\b|sections|kernel's default/i;

const asDriver = (input: AdviceInput, driver: string): AdviceInput => {
	const {snapshot} = input;
	const info = snapshot.info.ok ? {ok: true as const, value: {...snapshot.info.value, driver}} : snapshot.info;
	return {...input, snapshot: {...snapshot, info}};
};

test('netvsc-only rules fire on the model\'s hv_netvsc devices, and never on another driver; no Hyper-V words there', async t => {
	const netvscOnly = new Set(allRules.filter(rule => rule.netvscOnly).map(rule => rule.id));
	t.true(netvscOnly.size >= 8);
	const results = await adviceOn(everyCase, input => ({netvsc: adviseDevice(input), virtio: adviseDevice(asDriver(input, 'virtio_net'))}));
	const firedOnNetvsc = results.flatMap(r => r.result.netvsc).filter(a => netvscOnly.has(a.id));
	t.true(firedOnNetvsc.length > 0, 'the model shows netvsc advice (the check below can fail)');
	t.true(firedOnNetvsc.some(a => hyperV.test(`${a.title} ${a.reason}`)), 'and it speaks of Hyper-V things');
	for (const {case: name, result} of results) {
		for (const advice of result.virtio) {
			t.false(netvscOnly.has(advice.id), `${name}: ${advice.id} fired on virtio_net`);
			t.notRegex(`${advice.title} ${advice.reason} ${advice.source ?? ''}`, hyperV, `${name}: ${advice.id}`);
		}
	}
});

test('few-channels on another driver: same finding, no netvsc default, a doubling step', async t => {
	const [first] = await adviceOn([['few-channels', 'eth0']], input => ({
		netvsc: adviseDevice(input).find(a => a.id === 'few-channels'),
		virtio: adviseDevice(asDriver(input, 'virtio_net')).find(a => a.id === 'few-channels'),
	}));
	const result = first?.result;
	t.regex(result!.netvsc?.reason ?? '', /kernel's default for 16 vCPUs is 16/);
	t.deepEqual(result!.netvsc?.suggestion, {kind: 'channels', value: 16});
	t.truthy(result!.virtio);
	t.notRegex(result!.virtio?.reason ?? '', /kernel's default/);
	t.deepEqual(result!.virtio?.suggestion, {kind: 'channels', value: 4});
});
