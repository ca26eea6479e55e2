// The change banner as lines: the notices, then the change (its id and
// values, the states passed, the keep countdown, the outcome). ChangeBanner
// draws exactly these lines and the dashboard reserves their count, so the
// screen and the layout cannot disagree. Lines the banner wraps are wrapped
// here the way Ink wraps a <Text wrap='wrap'> (wrap-ansi, hard breaks, spaces
// kept); the others are one line each, cut at the edge when drawn.
import wrapAnsi from 'wrap-ansi';
import {changeSubject, outcomeLine, retrying, secondsLeft, stateLabels} from '../tuning/describe.js';
import {describeValues} from '../tuning/plan.js';
import {isTerminal, type ChangeState, type ChangeView} from '../tuning/types.js';
import {line, segmentsLine, type Segment, type Tone, type ViewLine} from '../views/line.js';
import {visible, visibleLines} from '../visible.js';
import {hintLine} from './keymap.js';

const outcomeTone: Readonly<Partial<Record<ChangeState, Tone>>> = {
	KEPT: 'good',
	REVERTED: 'warn',
	UNCHANGED: 'warn',
	ABORTED: 'warn',
	SUPERSEDED: 'warn',
	REVERT_FAILED: 'alert',
	DIVERGED: 'hot',
	LOST: 'hot',
};

// Shown for the path so far; the first two are bookkeeping before anything runs.
const shown = new Set<ChangeState>(['JOURNALED', 'ARMED', 'APPLYING', 'APPLY_FAILED', 'VERIFYING', 'AWAIT_CONFIRM', 'REVERTING']);

/** Split segments at the rows' ends: the rows are the segments' text, newlines left out. */
function splitAt(rows: readonly string[], segments: readonly Segment[]): Segment[][] {
	const parts = segments.map(s => ({...s, text: s.text.replaceAll('\n', '')}));
	let index = 0;
	let used = 0;
	return rows.map(row => {
		const out: Segment[] = [];
		let need = row.length;
		while (need > 0 && index < parts.length) {
			const part = parts[index]!;
			const take = Math.min(need, part.text.length - used);
			if (take > 0) {
				out.push({...part, text: part.text.slice(used, used + take)});
			}

			used += take;
			need -= take;
			if (used >= part.text.length) {
				index++;
				used = 0;
			}
		}

		return out;
	});
}

/** Styled text wrapped to the width as Ink would wrap it; nothing for empty text (Ink gives it no line). */
function wrapped(segments: readonly Segment[], columns: number, tone?: Tone): ViewLine[] {
	// The screen shows outside text with its controls written out (Text does it too; doing it first keeps the widths right).
	const safe = segments.map(s => ({...s, text: visibleLines(s.text)}));
	const text = safe.map(s => s.text).join('');
	if (text === '') {
		return [];
	}

	// Ink wraps only text wider than the box (wrap-ansi also normalises it); narrower text keeps its own lines.
	const lines = text.split('\n');
	const broken = wrapAnsi(text, Math.max(1, columns), {trim: false, hard: true}).split('\n');
	const rows = broken.length > lines.length ? broken : lines;
	// Rows are the text cut up, unless normalising changed it: then the rows keep the line's tone only.
	if (rows.join('') !== text.replaceAll('\n', '')) {
		return rows.map(row => line(row, tone));
	}

	return splitAt(rows, safe).map(row => segmentsLine(row, tone));
}

/** One line cut at the edge when drawn: its controls (newlines too) written out so it stays one line. */
const oneLine = (segments: readonly Segment[]): ViewLine => segmentsLine(segments.map(s => ({...s, text: visible(s.text)})));

function changeLines(change: ChangeView, columns: number, now: number): ViewLine[] {
	const done = isTerminal(change.state);
	// The current state is shown in bold after the path, not twice.
	const passed = done ? change.history : change.history.slice(0, -1);
	const path = passed.filter(h => shown.has(h.state)).map(h => stateLabels[h.state]);
	const lines = [
		oneLine([{text: `change ${change.id} `, tone: 'bold'}, {text: `${changeSubject(change)} ${describeValues(change.before)} → ${describeValues(change.after)}`}]),
		...wrapped([
			{text: `  ${path.join(' → ')}`, tone: 'dim'},
			...(done ? [] : [{text: `${path.length > 0 ? ' → ' : ''}${stateLabels[change.state]}`, tone: 'bold' as const}]),
		], columns),
	];
	if (change.state === 'AWAIT_CONFIRM') {
		const left = secondsLeft(change, now);
		lines.push(oneLine([
			{text: `keep? ${left ?? '?'} s left `, tone: left !== undefined && left <= 5 ? 'alert' : 'accent'},
			{text: `now ${describeValues(change.readback)}${change.clamped ? ' (clamped by the driver)' : ''}; per-queue counters restarted.  `},
			{text: hintLine(['waiting']), tone: 'dim'},
		]));
	}

	if (done || retrying(change)) {
		// The outcome (with its reason and the driver's words); a retrying revert: the attempt and the next.
		lines.push(...wrapped([{text: outcomeLine(change, now)}], columns, outcomeTone[change.state]));
	}

	return lines;
}

// A notice stays for the whole run and is drawn at every render (twice: the layout counts
// it too), and wrapping it costs more than the rest of the banner: keep the last widths'.
const noticeCache = new Map<string, ViewLine[]>();
const noticeCacheSize = 32;

function noticeLines(notice: string, columns: number): ViewLine[] {
	const key = `${columns}\u0000${notice}`;
	let lines = noticeCache.get(key);
	if (!lines) {
		lines = wrapped([{text: notice}], columns, notice.startsWith('REVERT FAILED') ? 'alert' : 'warn');
		// A notice with nothing to read would be a blank line the layout counts but the screen may drop.
		if (lines.every(line => line.text.trim() === '')) {
			lines = [];
		}

		if (noticeCache.size >= noticeCacheSize) {
			noticeCache.delete(noticeCache.keys().next().value!);
		}

		noticeCache.set(key, lines);
	}

	return lines;
}

/** Every line the banner shows at this width, in order: its height is their count. */
/** `comparison`: the device's figures before the change against since (stats/before-after.ts), once both exist. */
export function bannerLines(change: ChangeView | undefined, notices: readonly string[], columns: number, now: number, comparison?: string): ViewLine[] {
	return [
		...notices.flatMap(notice => noticeLines(notice, columns)),
		...(change ? changeLines(change, columns, now) : []),
		...(change && comparison ? wrapped([{text: comparison}], columns, 'normal') : []),
	];
}
