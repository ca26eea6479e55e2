// When to fork for what cannot change on its own every second.
//
// Invalidation rule (per device):
// - `-S` is read every snapshot (the only per-tick fork); link, totals and
//   queue counts come from sysfs.
// - `-l -g -k -x -i`, `-n rx-flow-hash` and (hv_netvsc) `-d` are read on the first snapshot, and again after the
//   device was invalidated: a set through this source, or a sign that someone
//   else changed it — ifindex changed (device re-created), the sysfs rx-N/tx-N
//   queue count changed, carrier_changes moved (netvsc detach/attach flaps the
//   link), or the set of per-queue names in `-S` changed.
// - Otherwise `-l -g -k -x -n -d` are re-read every `refreshMs` (default 60 s) to
//   catch `-X`/`-K`/`-N` from another terminal, which leave no sysfs trace; `-i`
//   only on invalidation.
// - A VF (vf-snapshot.ts) follows the same rule for its own `-l -g -x` (and `-c`
//   for mana), read while its netvsc device is polled.
// - A failed read is retried after `retryMs` (default 5 s) — except answers
//   that asking again won't change (not supported, not permitted, refused,
//   unreadable), which wait for `refreshMs` or an invalidation like a success.
import type {Channels, Coalesce, DriverInfo, Feature, FlowHash, Result, Rings, Rss} from '../../types.js';

export type SlowValues = {
	info: DriverInfo;
	channels: Channels;
	rings: Rings;
	features: readonly Feature[];
	rss: Rss;
	/** `-c`: read for a VF whose driver has CQE coalescing (mana), with `-l -g`. */
	coalesce: Coalesce;
	/** `-n rx-flow-hash` for tcp4 tcp6 udp4 udp6 (four runs; one on a driver without it). */
	flowHash: FlowHash;
	/** `-d`: hv_netvsc's transmit send table (other drivers: not supported, without a fork). */
	sendTable: readonly number[];
};

export type SlowKey = keyof SlowValues;
/** What a watched device reads; a VF reads fewer (vf-snapshot.ts). */
export const slowKeys: readonly SlowKey[] = ['info', 'channels', 'rings', 'features', 'rss', 'flowHash', 'sendTable'];

export type SlowEntry<K extends SlowKey> = {readonly result: Result<SlowValues[K]>; readonly at: number};
export type SlowState = {-readonly [K in SlowKey]?: SlowEntry<K>};

export type SlowRules = {readonly refreshMs: number; readonly retryMs: number};

const lasting = new Set(['EOPNOTSUPP', 'EPERM', 'EACCES', 'EINVAL', 'EPARSE']);

export function isStale(key: SlowKey, entry: {readonly result: Result<unknown>; readonly at: number} | undefined, now: number, rules: SlowRules): boolean {
	if (entry === undefined) {
		return true;
	}

	const age = now - entry.at;
	if (age < 0) {
		return true; // The clock went back: trust nothing.
	}

	if (!entry.result.ok && !lasting.has(entry.result.error.code)) {
		return age >= rules.retryMs;
	}

	return key !== 'info' && age >= rules.refreshMs;
}
