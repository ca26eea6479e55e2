// The controller's options and what start() answers: shared by controller.ts and
// the modules it is split into, kept apart so none of them imports controller.ts back.
import type {OpError} from '../types.js';
import type {Clock, Timers} from '../clock.js';
import type {Source} from '../sources/source.js';
import type {JournalRecord} from './journal.js';
import type {ChangeView} from './types.js';

export type ControllerOptions = {
	readonly source: Source;
	/**
	 * This scope's state dir, used as given; default: HVTOP_STATE_DIR or /run/hvtop, then
	 * net-<netns inode>[-m<machine hash>] (live), or a fresh private temp dir (model).
	 */
	readonly stateDir?: string;
	readonly env?: Readonly<Record<string, string | undefined>>;
	readonly clock?: Clock;
	readonly timers?: Timers;
	readonly keepTimeoutMs?: number;
	/** Default: in-process for the model, a separate process for live devices. */
	readonly guard?: 'in-process' | 'process';
	/** argv that runs `hvtop guard`; default re-runs this program. */
	readonly guardCommand?: readonly string[];
	/** How long the guard may take to arm, ms (default defaultArmTimeoutMs). */
	readonly armTimeoutMs?: number;
	readonly verifyDelaysMs?: readonly number[];
	readonly revertDelaysMs?: readonly number[];
	readonly applyBudgetMs?: number;
	readonly kmsg?: string | false;
	readonly useSystemd?: boolean;
	readonly readIfindex?: (dev: string) => Promise<number | undefined>;
	readonly actor?: JournalRecord['actor'];
	/** Default: effective uid 0. A live change needs CAP_NET_ADMIN. */
	readonly isRoot?: () => boolean;
	/** How far past its deadline a silent guard may be before hvtop takes over (default 5 s). */
	readonly guardGraceMs?: number;
};

export type Refusal = {
	/**
	 * `locked`: another change is pending; `journal`/`guard`: nothing was applied; `busy`: this controller
	 * already runs one; `permission`: not root; `rate`: the device was re-created too recently (rate-limit.ts).
	 */
	readonly kind: 'locked' | 'journal' | 'guard' | 'busy' | 'source' | 'permission' | 'rate';
	readonly message: string;
	readonly error?: OpError;
	/** `rate`: how long until the change is allowed, ms. */
	readonly waitMs?: number;
};

export type StartResult = {readonly ok: true; readonly change: ChangeView} | {readonly ok: false; readonly refusal: Refusal};

export type StartOptions = {
	readonly keepAtOnce?: boolean;
	/** Past the rate limit on re-creating the device (`--force`, F in the dialog). */
	readonly force?: boolean;
	readonly keepTimeoutMs?: number;
};

/**
 * How long the guard (a new Node process) may take to start and arm. Generous because
 * the machine being tuned is often the one whose CPUs are saturated; a guard that does
 * not arm in time still aborts the change before anything is applied.
 */
export const defaultArmTimeoutMs = 20_000;
