// The catalogue rendered by prom-client's Registry, in two registries:
// Prometheus text and OpenMetrics (for OpenMetrics the registry renames a
// counter in place, so each format has its own metric objects). render()
// scrapes first, one scrape at a time, then renders only the format asked.
//
// Why not prom-client's Counter and Gauge: a scrape already holds every value,
// and refilling a Counter means hashing every label set into its map and back
// out again — most of a 64-queue scrape's time. The Registry renders any
// metric whose get() returns name, help, type and values (that is all its
// own metrics give it), so each catalogue entry hands it the scrape's samples
// as they are; the Registry still does the format, escaping and negotiation.
import type {Metric, OpenMetricsContentType, Registry as RegistryType, RegistryContentType} from 'prom-client';
import Registry from 'prom-client/lib/registry.js';
import {catalogue, type MetricKey, type MetricSpec, type MetricType, type Sample, type Samples} from './catalogue.js';

export type Format = 'text' | 'openmetrics';

export const contentTypes: Readonly<Record<Format, string>> = {
	text: Registry.PROMETHEUS_CONTENT_TYPE,
	openmetrics: Registry.OPENMETRICS_CONTENT_TYPE,
};

export type Exposition = {
	/** Scrapes now and renders the result. */
	render(format: Format): Promise<string>;
};

/** What the Registry renders of one value: the label set rides as its shared labels (see below). */
type Value = {readonly labels: Readonly<Record<string, string>>; readonly sharedLabels: Readonly<Record<string, string>>; readonly value: number};

const noLabels: Readonly<Record<string, string>> = Object.freeze({});

/**
 * One metric's values, the last of each label set at its first place (a driver may print one
 * name twice). Each label set is handed to the Registry as the same object scrape after scrape:
 * it formats and escapes shared labels once per object (a WeakMap), so a steady machine's
 * ~1000 series are formatted once, not at every scrape. Sets not seen in a scrape are let go.
 */
export function labelSetCache(spec: MetricSpec): (samples: readonly Sample[]) => Value[] {
	let known = new Map<string, Readonly<Record<string, string>>>();
	return samples => {
		// Label set → its place in this scrape's values (whose sharedLabels is the object kept).
		const at = new Map<string, number>();
		const values: Value[] = [];
		for (const sample of samples) {
			const key = spec.labels.length === 1 ? (sample.labels[spec.labels[0]!] ?? '') : spec.labels.map(name => sample.labels[name] ?? '').join('\u0000');
			const place = at.get(key);
			if (place === undefined) {
				at.set(key, values.length);
				values.push({labels: noLabels, sharedLabels: known.get(key) ?? sample.labels, value: sample.value});
			} else {
				values[place] = {...values[place]!, value: sample.value};
			}
		}

		known = new Map([...at].map(([key, place]) => [key, values[place]!.sharedLabels]));
		return values;
	};
}

/** What the Registry reads of a metric; `name` it renames in place for OpenMetrics. */
type Rendered = {name: string; readonly help: string; readonly type: MetricType; readonly aggregator: 'sum'};
type Readable = Rendered & {get(): Promise<Rendered & {readonly values: readonly Value[]}>};

/** One catalogue entry as the Registry reads a metric. */
function metricOf(spec: MetricSpec, values: () => readonly Value[]): Readable {
	return {
		name: spec.name,
		help: spec.help,
		type: spec.type,
		aggregator: 'sum',
		async get() {
			return {name: this.name, help: this.help, type: this.type, aggregator: 'sum', values: values()};
		},
	};
}

function register(registry: RegistryType<RegistryContentType>, latest: () => Samples, skip: ReadonlySet<MetricKey>): void {
	for (const [key, spec] of Object.entries(catalogue) as Array<[MetricKey, MetricSpec]>) {
		if (!skip.has(key)) {
			// Structurally what the Registry renders (see above); its types name only its own classes.
			const values = labelSetCache(spec);
			registry.registerMetric(metricOf(spec, () => values(latest().get(key) ?? [])) as unknown as Metric);
		}
	}
}

export function createExposition(scrape: () => Promise<Samples>, options: {readonly rawStats: boolean}): Exposition {
	let latest: Samples = new Map();
	const skip = new Set<MetricKey>(options.rawStats ? [] : ['raw']);
	const openmetrics = new Registry<OpenMetricsContentType>();
	openmetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
	const registries: Record<Format, RegistryType<RegistryContentType>> = {text: new Registry(), openmetrics};
	register(registries.text, () => latest, skip);
	register(registries.openmetrics, () => latest, skip);
	// Concurrent scrapes queue: each reads the devices once and renders its own reading.
	let queue: Promise<unknown> = Promise.resolve();
	return {
		async render(format) {
			const turn = queue.then(async () => {
				latest = await scrape();
				const text = await registries[format].metrics();
				// Nothing holds a scrape's samples between scrapes.
				latest = new Map();
				return text;
			});
			queue = turn.catch(() => undefined);
			return turn;
		},
	};
}
