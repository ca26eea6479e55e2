// One scrape: read every device now (the model advances to the clock's now),
// rate it against the previous scrape's reading, and turn it into samples with
// the advice, the journal's pending and unpersisted changes and the build info. Nothing runs
// between scrapes: no reader loop when nobody scrapes.
import {adviseReading} from '../advice/index.js';
import type {Clock} from '../clock.js';
import {pollDevice} from '../poll.js';
import type {Source} from '../sources/source.js';
import type {DeviceReading} from '../stats/reading.js';
import type {Journal} from '../tuning/journal.js';
import type {Add, Sample, Samples} from './catalogue.js';
import {changeSamples} from './changes.js';
import {deviceSamples} from './device-samples.js';
import {cpuSamples} from './cpu-samples.js';
import {createLabelSets} from './label-sets.js';

export type ScrapeOptions = {
	readonly source: Source;
	readonly clock: Clock;
	/** The change journal of the source's state dir; none for a model without --state-dir. */
	readonly journal?: Journal;
	readonly version: string;
	readonly rawStats: boolean;
	/** Where the .link files are that decide whether a kept change lasts (default `/`). */
	readonly sysconfRoot?: string;
	/** Only these devices (all the source has when absent). */
	readonly devices?: readonly string[];
};

export type Scraper = {
	/** Reads every device and returns this scrape's samples. */
	scrape(): Promise<Samples>;
};

export function createScraper(options: ScrapeOptions): Scraper {
	let previous = new Map<string, DeviceReading>();
	const labelSets = createLabelSets();
	return {
		async scrape() {
			const started = options.clock.now();
			const samples: Samples = new Map();
			const add: Add = (key, values, value) => {
				let list = samples.get(key);
				if (!list) {
					list = [];
					samples.set(key, list);
				}

				list.push({labels: labelSets.of(key, values), value: Number(value)} satisfies Sample);
			};

			add('build', [options.version, options.source.kind], 1);
			const all = await options.source.devices();
			const devices = options.devices ? all.filter(name => options.devices!.includes(name)) : all;
			const now = options.clock.now();
			const readings = await Promise.all(devices.map(async name => pollDevice(options.source, previous.get(name), name, now)));
			previous = new Map(readings.map(reading => [reading.name, reading]));
			const vcpus = readings.find(reading => reading.snapshot)?.snapshot?.vcpus;
			if (vcpus !== undefined) {
				add('cpus', [], vcpus);
			}

			cpuSamples(add, readings);

			for (const reading of readings) {
				deviceSamples(add, reading, {rawStats: options.rawStats});
				for (const advice of adviseReading(reading)) {
					add('advice', [reading.name, advice.id, advice.severity], 1);
				}
			}

			if (options.journal) {
				await changeSamples({journal: options.journal, source: options.source, readings, sysconfRoot: options.sysconfRoot ?? '/', now}, add);
			}

			add('scrapeSeconds', [], (options.clock.now() - started) / 1000);
			labelSets.sweep();
			return samples;
		},
	};
}
