// A short line of the offloads an admin checks first; off ones get a '-'.
import type {Feature} from '../types.js';

const shortNames: ReadonlyArray<readonly [string, string]> = [
	['rx-checksumming', 'rxcsum'],
	['tx-checksumming', 'txcsum'],
	['scatter-gather', 'sg'],
	['tcp-segmentation-offload', 'tso'],
	['generic-receive-offload', 'gro'],
	['large-receive-offload', 'lro'],
	['receive-hashing', 'rxhash'],
];

export function featuresSummary(features: readonly Feature[]): string {
	const byName = new Map(features.map(f => [f.name, f]));
	const parts: string[] = [];
	for (const [name, short] of shortNames) {
		const feature = byName.get(name);
		if (feature) {
			parts.push(feature.on ? short : `-${short}`);
		}
	}

	return parts.join(' ');
}
