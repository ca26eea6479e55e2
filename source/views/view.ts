// What a view is: a name, a title and a key, and pure functions from readings
// to lines (the dashboard and --once), to JSON (--json --view) and to what
// scrolling moves through. Each view file exports one ViewSpec; registry.ts
// lists them. No Ink, no React: the ui renders the lines.
import type {Units} from '../format.js';
import type {DeviceSnapshot} from '../sources/source.js';
import type {RateHistory} from '../stats/index.js';
import type {DeviceRates} from '../stats/rates.js';
import type {DeviceReading} from '../stats/reading.js';
import type {ViewLine} from './line.js';
import type {ChangeMark} from './history-axis.js';
import type {QueuePathChoice} from './queue-path.js';

/** What a view is drawn from. */
export type ViewInput = {
	/** The device on screen (--once: the device being printed; undefined for a machine-wide view). */
	readonly reading: DeviceReading | undefined;
	/** Every device, for a machine-wide view. */
	readonly readings: readonly DeviceReading[];
	/** The device's rate history, when kept. */
	readonly history?: RateHistory | undefined;
	/** Changes made to the device this session (applied, kept, reverted), for the history view's time axis. */
	readonly changes?: readonly ChangeMark[] | undefined;
};

export type ViewOptions = {
	readonly units: Units;
	readonly columns: number;
	/** Lines the view may use; --once gives it no limit. */
	readonly maxLines: number;
	readonly ascii: boolean;
	/** First line of what scrolls (already clamped to the extent). */
	readonly scroll?: number;
	/** Hide idle queues (z). */
	readonly hideIdle?: boolean;
	/** The sampling interval, for the span of history columns. */
	readonly intervalMs?: number;
	/** No colour: symbols mark what colour would. */
	readonly marks?: boolean;
	/** Which path the queue view shows (the path key); default: the busier one. */
	readonly queuePath?: QueuePathChoice;
	/** What `/` typed: the view shows only what matches (the counters view: by name). */
	readonly filter?: string;
	/** The sort key `s` chose, among the view's own `sorts`. */
	readonly sort?: string;
};

/** What ↑↓ PgUp PgDn Home End move through: this many items, this many on screen at once. */
export type ScrollExtent = {readonly items: number; readonly window: number};

/** A reading that has a snapshot and rates: what a view's JSON is made from. */
export type MeasuredReading = DeviceReading & {readonly snapshot: DeviceSnapshot; readonly rates: DeviceRates};

export type ViewSpec<Name extends string = string> = {
	/** `--view NAME`, --json's view.view. */
	readonly name: Name;
	/** In the header and the help. */
	readonly title: string;
	/** The digit that selects it on the dashboard. */
	readonly key: string;
	/** 'device': one device at a time (--once prints each); 'machine': every device in one picture. */
	readonly scope: 'device' | 'machine';
	/** The body of the dashboard. */
	readonly lines: (input: ViewInput, options: ViewOptions) => ViewLine[];
	/** The --once text (every line, no window); without it, the text of `lines`. */
	readonly text?: (input: ViewInput, options: ViewOptions) => string[];
	/** The data behind the view for one device (--json --view), without the `view` key. */
	readonly json: (reading: MeasuredReading, options: {readonly history?: RateHistory}) => Record<string, unknown>;
	readonly scroll: (input: ViewInput, options: ViewOptions) => ScrollExtent;
	/** The keys `s` cycles through, first the default; without them `s` does nothing here. */
	readonly sorts?: readonly string[];
	/** What `/` filters by: a part of a name, or numbers and ranges (queues, CPUs); without it `/` does nothing here. */
	readonly filterBy?: 'name' | 'numbers';
};
