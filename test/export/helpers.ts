// The exporter on the model with a manual clock, and a parser of the
// Prometheus text format for the tests (names, types, labels, values).
import {spawnSync} from 'node:child_process';
import {manualClock} from '../../source/clock.js';
import {createExposition, type Exposition} from '../../source/export/registry.js';
import {createScraper} from '../../source/export/scrape.js';
import {createModelSource} from '../../source/sources/model.js';
import type {Journal} from '../../source/tuning/journal.js';

export type ModelExporter = {exposition: Exposition; advance(ms: number): void};

export function modelExporter(scenario: string, options: {rawStats?: boolean; journal?: Journal} = {}): ModelExporter {
	const source = createModelSource({scenario});
	if (!source.ok) {
		throw new Error(source.error.message);
	}

	const clock = manualClock(0);
	const rawStats = options.rawStats ?? false;
	const scraper = createScraper({source: source.value, clock, version: 'test', rawStats, ...(options.journal ? {journal: options.journal} : {})});
	return {exposition: createExposition(async () => scraper.scrape(), {rawStats}), advance: ms => {
		clock.advance(ms);
	}};
}

export type ParsedSample = {name: string; labels: Record<string, string>; value: number};
export type Parsed = {types: Map<string, string>; helps: Map<string, string>; samples: ParsedSample[]};

const unescape = (value: string): string => value.replaceAll(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** The text format, line by line; throws on a line it cannot read. */
export function parseExposition(text: string): Parsed {
	const types = new Map<string, string>();
	const helps = new Map<string, string>();
	const samples: ParsedSample[] = [];
	for (const line of text.split('\n')) {
		const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
		if (comment) {
			(comment[1] === 'TYPE' ? types : helps).set(comment[2]!, comment[3]!);
			continue;
		}

		if (line === '' || line === '# EOF') {
			continue;
		}

		const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
		if (!sample) {
			throw new Error(`cannot parse: ${line}`);
		}

		const labels: Record<string, string> = {};
		for (const [, key, value] of (sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
			labels[key!] = unescape(value!);
		}

		samples.push({name: sample[1]!, labels, value: Number(sample[3])});
	}

	return {types, helps, samples};
}

/** promtool, or why the check is skipped. */
export function promtool(): string | undefined {
	const found = spawnSync('promtool', ['--version'], {encoding: 'utf8'});
	return found.error ? undefined : 'promtool';
}

export const noPromtool = 'promtool not found: install Debian\'s prometheus package (scripts/test.sh does)';
