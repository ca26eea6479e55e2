// `ethtool -n DEV rx-flow-hash TYPE` (always the ioctl path): which header
// fields the device hashes for a flow type, as the letters `-N` takes
// (ethtool's dump_rxfhash prints one line per field; `None` for no field;
// `- All matching flows discarded on RX` for a discarding rule). The letters
// come back in ethtool's own order (m v t s d f n r), so "sdfn" reads the same
// whatever order the lines were in.
import {ok, type Result} from '../types.js';
import {parseFailure, toLines} from './text.js';

/** The flow types hvtop reads and sets: the four netvsc hashes on L4 ports or not. */
export const hashedFlowTypes = ['tcp4', 'tcp6', 'udp4', 'udp6'] as const;
export type HashedFlowType = (typeof hashedFlowTypes)[number];

export const isHashedFlowType = (word: string): word is HashedFlowType => (hashedFlowTypes as readonly string[]).includes(word);

/** The two field sets hvtop offers (and all hv_netvsc takes): addresses, addresses and ports. */
export const flowHashChoices = ['sd', 'sdfn'] as const;

/** Each field line ethtool prints and its `-N` letter, in ethtool's order. */
const fieldLines: ReadonlyArray<readonly [line: string, letter: string]> = [
	['L2DA', 'm'],
	['VLAN tag', 'v'],
	['L3 proto', 't'],
	['IP SA', 's'],
	['IP DA', 'd'],
	['L4 bytes 0 & 1 [TCP/UDP src port]', 'f'],
	['L4 bytes 2 & 3 [TCP/UDP dst port]', 'n'],
];

/** The letters `-N … rx-flow-hash TYPE` accepts (ethtool's parse_rxfhashopts; `r` discards). */
export const flowHashLetters = 'mvtsdfnr';

const header = /^(?:TCP|UDP|SCTP|AH|ESP|IPSEC AH|IPSEC ESP|IPSEC AH\/ESP|IP) over IPV[46] flows( use these fields for computing Hash flow key:| - All matching flows discarded on RX)$/;

/** Letters in ethtool's canonical order, each once. */
export const canonicalFields = (letters: string): string => [...flowHashLetters].filter(letter => letters.includes(letter)).join('');

/** `-n … rx-flow-hash`: the hashed fields as `-N` letters ("sdfn", "sd"; "" for None). */
export function parseFlowHash(stdout: string): Result<string> {
	if (typeof stdout !== 'string') {
		return parseFailure('ethtool -n rx-flow-hash: no output');
	}

	const lines = toLines(stdout).map(line => line.trim()).filter(line => line !== '');
	const first = header.exec(lines[0] ?? '');
	if (!first) {
		return parseFailure('ethtool -n rx-flow-hash: not a flow hash listing (no "… flows use these fields" line)');
	}

	if (first[1]!.includes('discarded')) {
		return lines.length === 1 ? ok('r') : parseFailure('ethtool -n rx-flow-hash: lines after "all matching flows discarded"');
	}

	const rest = lines.slice(1);
	if (rest.length === 1 && rest[0] === 'None') {
		return ok('');
	}

	let letters = '';
	for (const line of rest) {
		const letter = fieldLines.find(([text]) => text === line)?.[1];
		if (letter === undefined || letters.includes(letter)) {
			return parseFailure(`ethtool -n rx-flow-hash: unknown or repeated field line ${JSON.stringify(line.slice(0, 80))}`);
		}

		letters += letter;
	}

	return letters === '' ? parseFailure('ethtool -n rx-flow-hash: no field lines and no "None"') : ok(canonicalFields(letters));
}
