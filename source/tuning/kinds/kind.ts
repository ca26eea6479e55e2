// What a kind of change (channels, rings, …) declares so that the controller,
// the journal, the guard, recovery, `hvtop set`, `rollback` and the dialog can
// carry it without knowing which kind it is. One file per kind implements it
// (channels.ts, rings.ts); index.ts is the registry.
import type {DeviceSnapshot, Source} from '../../sources/source.js';
import type {DeviceRates} from '../../stats/rates.js';
import type {Result} from '../../types.js';
import type {PlanResult} from '../plan.js';
import type {ChangeRequest, Values, VfTarget} from '../types.js';

/** What `hvtop set KIND DEV …` or the dialog asks for, before planning: raw text or numbers by field. */
export type KindInput = Readonly<Record<string, number | string | undefined>>;

/**
 * What the dialog edits: numbers by field name, typed or stepped. A kind maps
 * them to its plan input (dialog.input), so its fields need not be its Values
 * (an RSS table is edited as "equal over N queues", a CPU move as a CPU number).
 */
export type DialogValues = {
	readonly combined?: number;
	readonly rx?: number;
	readonly tx?: number;
	readonly rxCqeFrames?: number;
	/** flow-hash: the flow type as an index into tcp4 tcp6 udp4 udp6, and the fields (0 = sd, 1 = sdfn). */
	readonly flowType?: number;
	readonly hashFields?: number;
	/** channel-cpu: the queue index; irq-cpu: the VF queue. */
	readonly channel?: number;
	readonly queue?: number;
	/** channel-cpu and irq-cpu: the CPU to move to. */
	readonly cpu?: number;
	readonly [field: string]: number | undefined;
};

/** The number fields of values, as the dialog edits them (word and list fields have their own dialog fields). */
export const dialogNumbers = (values: Values): DialogValues =>
	Object.fromEntries(Object.entries(values).filter(([, value]) => typeof value === 'number')) as DialogValues;

/**
 * What a plan may know besides the device's reading, when its caller has it:
 * the rates of the last interval (the dashboard's; a CPU move shows the load
 * before and after), and whether an IRQ balancer runs (it would undo an IRQ move).
 * The kind stays pure: whoever measured passes it in.
 */
export type PlanContext = {
	readonly rates?: DeviceRates;
	/** A running irqbalance (its pid), `false` when none runs; undefined when unknown. */
	readonly irqbalance?: {readonly pid: number} | false;
};

/** The dialog's editable state, as far as a kind needs it to step and plan. */
export type KindDialogState = {
	readonly proposed: DialogValues;
	readonly field: string;
};

/** A dialog opened on a kind: what it shows and which fields it edits. */
export type KindDialogOpening = {
	readonly current: DialogValues;
	readonly proposed: DialogValues;
	readonly fields: readonly string[];
	readonly field: string;
	readonly max: DialogValues;
	/** Smallest value per field where the driver has one above 1 (MANA's rings: 128), or 0 (a CPU number). */
	readonly min?: DialogValues;
	/** A VF kind: the VF the dialog changes, for its title. */
	readonly vf?: {readonly name: string; readonly driver: string};
};

/** How the dialog is opened: a step from the current value (+/−) or proposed values (advice). */
export type KindDialogPrefill = {readonly step?: number; readonly values?: DialogValues};

/**
 * How a kind's values are made to last across reboot and VF re-add (source/persist): which
 * device's file carries them and the key per value field in each mechanism that can express it.
 */
export type PersistSpec = {
	/** The device's own setting, or its VF's (then the file matches the VF). */
	readonly target: 'device' | 'vf';
	/** systemd.link(5) [Link] key per value field; absent: a .link file cannot express it. */
	readonly link?: Readonly<Record<string, string>>;
	/** NetworkManager's keyfile [ethtool] key per value field, and the NetworkManager version that has them. */
	readonly networkManager?: {readonly since: string; readonly keys: Readonly<Record<string, string>>};
	/**
	 * What no .link key expresses, carried by hvtop's udev rule on every add of the device:
	 * `ethtool`, the ethtool runs (option first, then the arguments after the device name), or a
	 * string saying why these values have no ethtool form; `apply`, `hvtop persist-apply KIND`
	 * with the values it returns (a sysfs write, or a setting the driver takes only once the
	 * device is up), leaving out what a re-add renumbers.
	 */
	readonly rule?: {readonly ethtool: (values: Values) => ReadonlyArray<readonly string[]> | string} | {readonly apply: (values: Values) => Values};
	/** Why the kind cannot be made to last, said where it is asked (the plan, `p`, --status). */
	readonly notPersistable?: string;
};

export type ChangeKindSpec<Reading> = {
	/** The journal's and the command line's name of the kind. */
	readonly name: string;
	/** What it changes, in words for titles and banners ("channels", "VF rings"). */
	readonly noun: string;
	/** The ethtool option that sets it, for the restore command an admin types (`-L`, `-G`, `-C`). */
	readonly ethtoolSet: string;
	/**
	 * The command an admin types to put `before` back on `target` (the device or its VF), when it is
	 * not `ethtool <ethtoolSet> target field value…` (a sysfs or /proc write, an `ethtool -X` table).
	 */
	restore?(target: string, before: Values, after?: Values): string;
	/** The usage line of `hvtop set` for this kind. */
	readonly usage: string;
	/** The part of a snapshot this kind is about. */
	reading(snap: DeviceSnapshot): Result<Reading>;
	/** The values a change compares and journals, from a reading. */
	values(reading: Reading): Values;
	/** Checks a request against the device and bounds; says in words what will happen. */
	plan(dev: string, current: Result<Reading>, input: KindInput, context?: PlanContext): PlanResult;
	/**
	 * Sends a request to the source (the set op); success is judged later by reading back.
	 * `name` is the netdev the op addresses: the device, or for a VF kind its VF.
	 */
	apply(source: Source, name: string, request: ChangeRequest, now: number): Promise<Result<unknown>>;
	/** A VF kind: the VF a reading is of (its name and instance); the change is made on it, not on the device. */
	vf?(reading: Reading): VfTarget;
	/**
	 * What applying (or reverting) it tears down and builds again: `device`, the synthetic
	 * device (netvsc's detach and attach, over the host's VMBus channels: rate-limited, see
	 * rate-limit.ts); `vf-queues`, only the VF's own queues. Absent: nothing is re-created.
	 */
	readonly recreates?: 'device' | 'vf-queues';
	/** True when the driver may raise or round values (rings): such a read-back is accepted. */
	readonly clamps: boolean;
	/**
	 * The plan shows load from the rates of one interval (a CPU move: each CPU's load now and
	 * estimated after): `hvtop set` reads the device twice, a second apart, before planning.
	 */
	readonly measures?: boolean;
	/** Words for a read-back short of the request, when the kind knows better than "read back X, asked Y". */
	shortfall?(granted: Values, after: Values): string | undefined;
	/** `hvtop set KIND DEV …`: the options this kind takes a value for (besides the common ones). */
	readonly valuedOptions: readonly string[];
	/** Turns the positional arguments after DEV and the kind's options into an input, or says what is wrong. */
	parseArgs(positional: readonly string[], options: ReadonlyMap<string, string>): KindInput | string;
	/** How its values are made to last (`hvtop persist`); absent: hvtop cannot persist this kind yet. */
	readonly persist?: PersistSpec;
	readonly dialog: {
		/** What the dialog shows first; a string says why it cannot open. */
		open(dev: string, current: Result<Reading>, prefill: KindDialogPrefill): KindDialogOpening | string;
		/** A field's name in the dialog ("combined channels", "rx ring"). */
		label(field: string): string;
		/** A field edited as an index into words (a flow type, a field set): the words, shown instead of the numbers. */
		words?(field: string): readonly string[] | undefined;
		/** One step up or down from `value`, within 1 … max. */
		step(value: number, direction: 1 | -1, max: number): number;
		/** The proposal after the focused field is set to `value`. */
		withValue(state: KindDialogState, value: number): DialogValues;
		/** The dialog's proposal as a plan input. */
		input(proposed: DialogValues): KindInput;
	};
};
