// The catalogue as prom-client metrics, in two registries: Prometheus text
// and OpenMetrics (prom-client renames a counter in place for OpenMetrics, so
// each format has its own metric objects). Each metric's collect() copies the
// latest scrape's samples; render() scrapes first, one scrape at a time.
import {Counter, Gauge, Registry, type OpenMetricsContentType, type RegistryContentType} from 'prom-client';
import {catalogue, type MetricKey, type Sample, type Samples} from './catalogue.js';

export type Format = 'text' | 'openmetrics';

export const contentTypes: Readonly<Record<Format, string>> = {
	text: Registry.PROMETHEUS_CONTENT_TYPE,
	openmetrics: Registry.OPENMETRICS_CONTENT_TYPE,
};

export type Exposition = {
	/** Scrapes now and renders the result. */
	render(format: Format): Promise<string>;
};

/** The last sample of each label set (a driver may print one name twice). */
function distinct(samples: readonly Sample[]): Sample[] {
	const byLabels = new Map<string, Sample>();
	for (const sample of samples) {
		byLabels.set(JSON.stringify(sample.labels), sample);
	}

	return [...byLabels.values()];
}

function register(registry: Registry<RegistryContentType>, latest: () => Samples, skip: ReadonlySet<MetricKey>): void {
	for (const [key, spec] of Object.entries(catalogue) as Array<[MetricKey, (typeof catalogue)[MetricKey]]>) {
		if (skip.has(key)) {
			continue;
		}

		const common = {name: spec.name, help: spec.help, labelNames: [...spec.labels], registers: [registry as Registry]};
		const samples = (): Sample[] => distinct(latest().get(key) ?? []);
		if (spec.type === 'counter') {
			// eslint-disable-next-line no-new
			new Counter({...common, collect() {
				this.reset();
				for (const {labels, value} of samples()) {
					this.inc(labels, value);
				}
			}});
		} else {
			// eslint-disable-next-line no-new
			new Gauge({...common, collect() {
				this.reset();
				const now = samples();
				// A gauge without labels reads 0 after reset: unknown is no sample, not 0.
				if (now.length === 0 && spec.labels.length === 0) {
					this.remove({});
				}

				for (const {labels, value} of now) {
					this.set(labels, value);
				}
			}});
		}
	}
}

export function createExposition(scrape: () => Promise<Samples>, options: {readonly rawStats: boolean}): Exposition {
	let latest: Samples = new Map();
	const skip = new Set<MetricKey>(options.rawStats ? [] : ['raw']);
	const openmetrics = new Registry<OpenMetricsContentType>();
	openmetrics.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
	const registries: Record<Format, Registry<RegistryContentType>> = {text: new Registry(), openmetrics};
	register(registries.text, () => latest, skip);
	register(registries.openmetrics, () => latest, skip);
	// Concurrent scrapes queue: each reads the devices once and renders its own reading.
	let queue: Promise<unknown> = Promise.resolve();
	return {
		async render(format) {
			const turn = queue.then(async () => {
				latest = await scrape();
				return registries[format].metrics();
			});
			queue = turn.catch(() => undefined);
			return turn;
		},
	};
}
