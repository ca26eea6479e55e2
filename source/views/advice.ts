// Advice as text: the one-line summary under the table and the details panel.
import type {Advice, Severity} from '../advice/index.js';
import {suggestionKeys, type Suggestion} from '../advice/types.js';
import {flowHashChoices, hashedFlowTypes} from '../ethtool/index.js';
import {fit, line, type Tone, type ViewLine, windowLines, windowSize, wrap} from './line.js';

export const severityTone: Readonly<Record<Severity, Tone>> = {alert: 'alert', warn: 'warn', info: 'normal'};
const severityMark: Readonly<Record<Severity, string>> = {alert: '!!', warn: '!', info: 'i'};
const severityLabel: Readonly<Record<Severity, string>> = {alert: 'ALERT', warn: 'WARN', info: 'INFO'};

/**
 * "! 2 advice: channels 2 < 16 vCPUs while queue 1 is saturated — press a for
 * details", fitted to the width (the title is shortened first, never the count
 * or the key). Undefined when there is no advice.
 */
export function adviceSummary(advice: readonly Advice[], columns: number, key = 'a'): ViewLine | undefined {
	const top = advice[0];
	if (!top) {
		return undefined;
	}

	const head = `${severityMark[top.severity]} ${advice.length} advice: `;
	// The longest hint with which the whole title fits; else the shortest one and a cut title.
	const tails = [` — press ${key} for details`, ` — ${key}: details`, ` (${key})`];
	const tail = tails.find(t => head.length + top.title.length + t.length <= columns) ?? tails.at(-1)!;
	const text = `${head}${fit(top.title, Math.max(1, columns - head.length - tail.length))}${tail}`;
	return line(fit(text, columns), severityTone[top.severity]);
}

/** A suggestion's values as ethtool spells them ("combined 8", "rx 4096", "rx-flow-hash udp4 sd"). */
function suggestionValue(s: Suggestion): string {
	if (s.kind === 'flow-hash') {
		return `rx-flow-hash ${hashedFlowTypes[s.value.flowType] ?? '?'} ${flowHashChoices[s.value.hashFields] ?? '?'}`;
	}

	if (s.kind === 'channel-cpu') {
		return `the channel of queue ${s.value.channel} on CPU ${s.value.cpu}`;
	}

	if (s.kind === 'rss') {
		return `an RSS table equal over ${s.value.equal} queues`;
	}

	if (s.kind === 'irq-cpu') {
		return `VF queue ${s.value.queue}'s interrupt on CPU ${s.value.cpu}`;
	}

	if (typeof s.value === 'number') {
		return `combined ${s.value}`;
	}

	const {rx, tx} = s.value;
	return [rx === undefined ? '' : `rx ${rx}`, tx === undefined ? '' : `tx ${tx}`].filter(Boolean).join(' ');
}

function suggestionText(advice: Advice): string | undefined {
	const s = advice.suggestion;
	if (!s) {
		return undefined;
	}

	const value = suggestionValue(s);
	const on = s.kind.startsWith('vf-') ? 'VF ' : '';
	return `try: ${on}${value} (${suggestionKeys[s.kind]} opens the dialog with it; nothing changes by itself)`;
}

const indent = '      ';

/**
 * The references, wrapped; a URL is never cut with an ellipsis (it could not
 * be opened): one too long for the indent starts its own line at column 0,
 * and one longer than the terminal continues on the next line.
 */
export function sourceLines(source: string, columns: number): string[] {
	const width = Math.max(8, columns);
	const out: string[] = [];
	let words: string[] = [];
	const flush = () => {
		if (words.length > 0) {
			out.push(...wrap(words.join(' '), columns, indent));
			words = [];
		}
	};

	for (const word of `source: ${source}`.split(/\s+/).filter(Boolean)) {
		if (/^https?:\/\//.test(word) && indent.length + word.length > width) {
			flush();
			for (let at = 0; at < word.length; at += width) {
				out.push(word.slice(at, at + width));
			}
		} else {
			words.push(word);
		}
	}

	flush();
	return out;
}

/** Every advice with its reason, suggestion and source, wrapped to the width. */
export function adviceDetailLines(advice: readonly Advice[], columns: number): ViewLine[] {
	if (advice.length === 0) {
		return [line('no advice: nothing on this device matches a rule', 'dim')];
	}

	const lines: ViewLine[] = [];
	for (const [index, a] of advice.entries()) {
		if (index > 0) {
			lines.push(line(''));
		}

		lines.push(line(fit(`${severityLabel[a.severity].padEnd(5)} ${a.title}`, columns), a.severity === 'info' ? 'bold' : severityTone[a.severity]));
		lines.push(...wrap(a.reason, columns, '      ').map(text => line(text)));
		const suggestion = suggestionText(a);
		if (suggestion) {
			lines.push(...wrap(suggestion, columns, '      ').map(text => line(text, 'good')));
		}

		if (a.source) {
			lines.push(...sourceLines(a.source, columns).map(text => line(text, 'dim')));
		}
	}

	return lines;
}

/** The details panel within `maxLines`, scrollable. */
export function advicePanelLines(advice: readonly Advice[], options: {readonly columns: number; readonly maxLines: number; readonly scroll?: number; readonly device?: string}): ViewLine[] {
	const title = line(fit(`advice${options.device ? ` for ${options.device}` : ''}: ${advice.length} — Esc or a closes`, options.columns), 'bold');
	return [title, ...windowLines(adviceDetailLines(advice, options.columns), Math.max(1, options.maxLines - 1), options.scroll ?? 0)].slice(0, options.maxLines);
}

/** The panel's detail lines and how many are on screen at once, for scrolling. */
export function adviceScrollable(advice: readonly Advice[], columns: number, maxLines: number): {items: number; window: number} {
	const total = adviceDetailLines(advice, columns).length;
	return {items: total, window: windowSize(total, Math.max(1, maxLines - 1))};
}
