// Real public captures from shared/fixtures/ethtool (beside the project, not
// copied into it). Most were pasted with TABs expanded to spaces, trailing
// spaces and empty lines lost, and parts elided with `...`.
import test, {type ExecutionContext} from 'ava';
import {
	parseChannels, parseDriverInfo, parseFeatures, parseLinkSettings, parseRings, parseRss, parseStats,
} from '../../source/ethtool/index.js';
import type {Result, Stat} from '../../source/types.js';
import {hasShared, shared, sharedDir, sharedNames} from './helpers.js';

// `<driver>__<option>__…`: the option (before any `-suffix`) picks the parser.
const parsers = new Map<string, (text: string) => Result<unknown>>([
	['l', parseChannels],
	['g', text => parseRings(text, {driver: 'hv_netvsc'})],
	['S', parseStats],
	['k', parseFeatures],
	['x', parseRss],
	['i', parseDriverInfo],
	['base', parseLinkSettings],
]);

const optionOf = (name: string): string => (name.split('__')[1] ?? '').split('-')[0] ?? '';
const stat = (stats: readonly Stat[], name: string) => stats.find(([statName]) => statName === name)?.[1];

if (hasShared) {
	for (const name of sharedNames()) {
		test(`shared capture ${name} parses`, t => {
			const parse = parsers.get(optionOf(name));
			if (!parse) {
				t.log(`no parser for option "${optionOf(name)}"; not checked`);
				t.pass();
				return;
			}

			const result = parse(shared(name));
			t.true(result.ok, result.ok ? '' : result.error.message);
		});
	}

	const check = (name: string, assert: (t: ExecutionContext) => void) => {
		if (sharedNames().includes(name)) {
			test(`shared capture ${name} values`, assert);
		} else {
			test.skip(`shared capture ${name} values (file not present)`, () => {});
		}
	};

	check('hv_netvsc__l__wsl2-5.10.102.1__jiangbo-blog', t => {
		t.deepEqual(parseChannels(shared('hv_netvsc__l__wsl2-5.10.102.1__jiangbo-blog')), {
			ok: true, value: {maxRx: 0, maxTx: 0, maxOther: 0, maxCombined: 12, rx: 0, tx: 0, other: 0, combined: 8},
		});
	});

	check('hv_netvsc__g__wsl2-5.10.102.1__jiangbo-blog', t => {
		t.deepEqual(parseRings(shared('hv_netvsc__g__wsl2-5.10.102.1__jiangbo-blog'), {driver: 'hv_netvsc'}), {
			ok: true, value: {rxMax: 18_811, txMax: 2560, rx: 9709, tx: 170, unit: 'sections'},
		});
	});

	check('hv_netvsc__g__aks-node__vijayrod-demo', t => {
		t.deepEqual(parseRings(shared('hv_netvsc__g__aks-node__vijayrod-demo')), {
			ok: true, value: {rxMax: 18_139, txMax: 2560, rx: 9362, tx: 170, unit: 'descriptors'},
		});
	});

	check('hv_netvsc__i__wsl2-5.10.102.1__jiangbo-blog', t => {
		t.deepEqual(parseDriverInfo(shared('hv_netvsc__i__wsl2-5.10.102.1__jiangbo-blog')), {
			ok: true,
			value: {driver: 'hv_netvsc', version: '5.10.102.1-microsoft-standard-W', firmwareVersion: 'N/A', busInfo: ''},
		});
	});

	check('hv_netvsc__k__wsl2-5.10.102.1__jiangbo-blog', t => {
		const result = parseFeatures(shared('hv_netvsc__k__wsl2-5.10.102.1__jiangbo-blog'));
		if (!result.ok) {
			t.fail(result.error.message);
			return;
		}

		t.is(result.value.length, 60);
		t.deepEqual(result.value.find(f => f.name === 'large-receive-offload'), {name: 'large-receive-offload', on: true, fixed: false});
		t.deepEqual(result.value.find(f => f.name === 'tx-checksum-ip-generic'), {name: 'tx-checksum-ip-generic', on: false, fixed: true});
	});

	check('hv_netvsc__S__wsl2-5.10.102.1__jiangbo-blog', t => {
		const result = parseStats(shared('hv_netvsc__S__wsl2-5.10.102.1__jiangbo-blog'));
		if (!result.ok) {
			t.fail(result.error.message);
			return;
		}

		t.is(result.value.length, 33); // the author's `...` lines are not counters
		t.is(stat(result.value, 'rx_queue_7_bytes'), 280_126_441n);
		t.is(stat(result.value, 'cpu11_vf_tx_bytes'), 0n);
	});

	check('hv_netvsc__S-partial__kernel-4.11-commit-c26f587b__azure-linux-kernel', t => {
		const result = parseStats(shared('hv_netvsc__S-partial__kernel-4.11-commit-c26f587b__azure-linux-kernel'));
		t.true(result.ok && result.value.length === 8 && stat(result.value, 'rx_queue_0_bytes') === 62_714_661_254n);
	});

	check('hv_netvsc__S-partial__kernel-4.15-commit-stop_queue__azure-linux-kernel', t => {
		t.deepEqual(parseStats(shared('hv_netvsc__S-partial__kernel-4.15-commit-stop_queue__azure-linux-kernel')), {
			ok: true, value: [['stop_queue', 7n], ['wake_queue', 7n]],
		});
	});

	check('hv_netvsc__S-grep-vf__azure-4.19.87-readme__azure-linux-kernel', t => {
		const result = parseStats(shared('hv_netvsc__S-grep-vf__azure-4.19.87-readme__azure-linux-kernel'));
		// No header (grep), and the first line lost part of its indentation.
		t.true(result.ok && result.value[0]?.[0] === 'vf_rx_packets' && result.value[0][1] === 8941n);
	});

	check('hv_netvsc__S-grep-vf__lis-3.10-readme__azure-linux-kernel', t => {
		const result = parseStats(shared('hv_netvsc__S-grep-vf__lis-3.10-readme__azure-linux-kernel'));
		t.true(result.ok && result.value.length === 5 && stat(result.value, 'vf_rx_bytes') === 2_749_784_180n);
	});

	check('hv_netvsc__base__wsl2-5.10.102.1__jiangbo-blog', t => {
		t.deepEqual(parseLinkSettings(shared('hv_netvsc__base__wsl2-5.10.102.1__jiangbo-blog')), {
			ok: true, value: {speedMbps: 10_000, duplex: 'full', carrier: true},
		});
	});

	check('hv_netvsc__base-partial-before__kernel-4.6-commit-49eb9389__azure-linux-kernel', t => {
		t.deepEqual(parseLinkSettings(shared('hv_netvsc__base-partial-before__kernel-4.6-commit-49eb9389__azure-linux-kernel')), {
			ok: true, value: {duplex: 'unknown'},
		});
	});

	check('hv_netvsc__base-partial-after__kernel-4.6-commit-49eb9389__azure-linux-kernel', t => {
		t.deepEqual(parseLinkSettings(shared('hv_netvsc__base-partial-after__kernel-4.6-commit-49eb9389__azure-linux-kernel')), {
			ok: true, value: {speedMbps: 1000, duplex: 'full'},
		});
	});

	check('veth__S__aks-azure-cni-pod-veth__vijayrod-demo', t => {
		const result = parseStats(shared('veth__S__aks-azure-cni-pod-veth__vijayrod-demo'));
		t.true(result.ok && result.value[0]?.[0] === 'peer_ifindex' && result.value[0][1] === 3n);
	});
} else {
	test.skip(`shared real captures: ${sharedDir} not found, skipped`, () => {});
}
