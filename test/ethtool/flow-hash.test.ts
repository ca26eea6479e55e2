// `ethtool -n DEV rx-flow-hash TYPE` → the hashed fields as `-N` letters, and
// the -n/-N argv; fuzzed like the other parsers.
import test from 'ava';
import fc from 'fast-check';
import {argv, canonicalFields, parseFlowHash} from '../../source/ethtool/index.js';

/** What ethtool's dump_rxfhash prints: the header, one line per field, an empty line. */
const flowHashText = (title: string, lines: readonly string[]): string => `${title} flows use these fields for computing Hash flow key:\n${lines.join('\n')}\n\n`;

const ipAndPorts = ['IP SA', 'IP DA', 'L4 bytes 0 & 1 [TCP/UDP src port]', 'L4 bytes 2 & 3 [TCP/UDP dst port]'];
const code = (result: ReturnType<typeof parseFlowHash>): string => (result.ok ? 'ok' : result.error.code);

test('netvsc\'s two answers: sdfn (L4 ports) and sd (addresses only)', t => {
	t.deepEqual(parseFlowHash(flowHashText('UDP over IPV4', ipAndPorts)), {ok: true, value: 'sdfn'});
	t.deepEqual(parseFlowHash(flowHashText('TCP over IPV6', ipAndPorts.slice(0, 2))), {ok: true, value: 'sd'});
	// Pasted through Windows tooling, indented, without the trailing empty line.
	t.deepEqual(parseFlowHash(`  TCP over IPV4 flows use these fields for computing Hash flow key:\r\n IP SA\r\nIP DA\r\n`), {ok: true, value: 'sd'});
});

test('None, every field, the discard rule; letters in ethtool\'s order whatever the line order', t => {
	t.deepEqual(parseFlowHash('SCTP over IPV4 flows use these fields for computing Hash flow key:\nNone\n'), {ok: true, value: ''});
	const all = ['L4 bytes 2 & 3 [TCP/UDP dst port]', 'IP DA', 'L2DA', 'VLAN tag', 'L3 proto', 'IP SA', 'L4 bytes 0 & 1 [TCP/UDP src port]'];
	t.deepEqual(parseFlowHash(flowHashText('UDP over IPV6', all)), {ok: true, value: 'mvtsdfn'});
	t.deepEqual(parseFlowHash('TCP over IPV4 flows - All matching flows discarded on RX\n'), {ok: true, value: 'r'});
	t.is(canonicalFields('nfds'), 'sdfn');
});

test('not a listing, an unknown or repeated field, a header alone: EPARSE', t => {
	t.is(code(parseFlowHash('')), 'EPARSE');
	t.is(code(parseFlowHash('IP SA\nIP DA\n')), 'EPARSE', 'no header');
	t.is(code(parseFlowHash(flowHashText('UDP over IPV4', ['IP SA', 'IP SA']))), 'EPARSE');
	t.is(code(parseFlowHash(flowHashText('UDP over IPV4', ['IP SA', 'Flow label']))), 'EPARSE');
	t.is(code(parseFlowHash(flowHashText('UDP over IPV4', []))), 'EPARSE');
	t.is(code(parseFlowHash(flowHashText('UDP over IPV4', ['None', 'IP SA']))), 'EPARSE');
	t.is(code(parseFlowHash(undefined as unknown as string)), 'EPARSE');
});

test('fuzz: shuffled, dropped and garbled lines never throw; a success is letters in ethtool\'s order', t => {
	const line = fc.oneof(fc.constantFrom(...ipAndPorts, 'L2DA', 'VLAN tag', 'L3 proto', 'None', '', ' - All matching flows discarded on RX'), fc.string({maxLength: 40}));
	const title = fc.constantFrom('TCP over IPV4', 'UDP over IPV6', 'SCTP over IPV4', 'IPSEC AH over IPV6', 'tcp4', '');
	fc.assert(fc.property(title, fc.array(line, {maxLength: 9}), fc.constantFrom('\n', '\r\n', '\r'), (head, lines, eol) => {
		const result = parseFlowHash(flowHashText(head, lines).replaceAll('\n', eol));
		if (result.ok) {
			if (result.value !== canonicalFields(result.value) || !/^[mvtsdfnr]*$/.test(result.value)) {
				throw new Error(`bad letters ${result.value}`);
			}
		} else if (result.error.code !== 'EPARSE') {
			throw new Error(`bad error ${result.error.code}`);
		}
	}), {numRuns: 3000});
	t.pass();
});

test('fuzz: a field set round-trips through the lines ethtool prints for it', t => {
	const fields: ReadonlyArray<readonly [string, string]> = [['L2DA', 'm'], ['VLAN tag', 'v'], ['L3 proto', 't'], ['IP SA', 's'], ['IP DA', 'd'], [ipAndPorts[2]!, 'f'], [ipAndPorts[3]!, 'n']];
	fc.assert(fc.property(fc.shuffledSubarray([...fields], {minLength: 1}), subset => {
		const parsed = parseFlowHash(flowHashText('UDP over IPV4', subset.map(([text]) => text)));
		const want = canonicalFields(subset.map(([, letter]) => letter).join(''));
		return parsed.ok && parsed.value === want;
	}), {numRuns: 500});
	t.pass();
});

test('-n and -N argv; misuse throws', t => {
	t.deepEqual(argv.flowHash('eth0', 'udp4'), ['-n', 'eth0', 'rx-flow-hash', 'udp4']);
	t.deepEqual(argv.setFlowHash('eth0', 'tcp6', 'sd'), ['-N', 'eth0', 'rx-flow-hash', 'tcp6', 'sd']);
	t.throws(() => argv.flowHash('eth0', 'sctp4'), {instanceOf: RangeError});
	t.throws(() => argv.setFlowHash('eth0', 'udp4', ''), {instanceOf: RangeError});
	t.throws(() => argv.setFlowHash('eth0', 'udp4', 'sd; rm'), {instanceOf: RangeError});
	t.throws(() => argv.setFlowHash('-eth0', 'udp4', 'sd'), {instanceOf: RangeError});
});
