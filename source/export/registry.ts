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
import {catalogue, type Labels, type MetricKey, type MetricSpec, type MetricType, type Sample, type Samples} from './catalogue.js';

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
type Value = {readonly labels: Labels; readonly sharedLabels: Labels; readonly value: number};

const noLabels: Labels = Object.freeze({});

/**
 * One metric's values as the Registry renders them, the last of each label set at its first
 * place (a driver may print one name twice). A series' labels object is the same scrape after
 * scrape (label-sets.ts), and the Registry formats and escapes shared labels once per object
 * (a WeakMap), so they go as shared labels: a steady machine's series are formatted once.
 */
export function renderedValues(samples: readonly Sample[]): Value[] {
	const at = new Map<Labels, number>();
	const values: Value[] = [];
	for (const sample of samples) {
		const value = {labels: noLabels, sharedLabels: sample.labels, value: sample.value};
		const place = at.get(sample.labels);
		if (place === undefined) {
			at.set(sample.labels, values.length);
			values.push(value);
		} else {
			values[place] = value;
		}
	}

	return values;
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
			registry.registerMetric(metricOf(spec, () => renderedValues(latest().get(key) ?? [])) as unknown as Metric);
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
