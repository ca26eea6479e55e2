// The change dialog as lines that fit a box of columns × maxLines: every line
// is cut to the width and the dialog drops its least important lines first, so
// it is clipped, never overprinted (Yoga shrinking a column of Texts made them
// overlap, and the title vanished first). Pure, so a property test covers every size.
import {dialogTitle, kindOf} from '../tuning/kinds/index.js';
import {describeValues} from '../tuning/plan.js';
import type {DialogState} from './dialog-state.js';
import {asciiText, glyphs} from './glyphs.js';
import {hintLine} from './keymap.js';

// Every glyph the dialog uses is one column wide, so columns are code points.
const stringWidth = (text: string): number => [...text].length;

export type DialogStyle = 'plain' | 'title' | 'value' | 'dim' | 'warn' | 'error' | 'frame';
export type DialogSegment = {readonly text: string; readonly style: DialogStyle};
export type DialogLine = readonly DialogSegment[];

const fieldLabel = (dialog: DialogState, field: string): string => kindOf(dialog.kind).dialog.label(field);

/** Word-wrap plain text to `width` columns (a word longer than the width is cut). */
export function wrapText(text: string, width: number, indent = ''): string[] {
	const lines: string[] = [];
	let current = '';
	for (const word of text.split(' ')) {
		const next = current === '' ? word : `${current} ${word}`;
		if (stringWidth(next) <= width || current === '') {
			current = next;
		} else {
			lines.push(current);
			current = indent + word;
		}
	}

	lines.push(current);
	return lines.map(line => cutText(line, width, false));
}

/** Cut text to at most `width` columns, with an ellipsis when something was cut. */
export function cutText(text: string, width: number, ascii: boolean): string {
	if (stringWidth(text) <= width) {
		return text;
	}

	const ellipsis = glyphs(ascii).ellipsis;
	const room = width - stringWidth(ellipsis);
	let out = '';
	for (const character of text) {
		if (stringWidth(out + character) > room) {
			break;
		}

		out += character;
	}

	return room < 0 ? ellipsis.slice(0, Math.max(0, width)) : out + ellipsis;
}

/** Cut a line of segments to `width` columns. */
function cutLine(line: DialogLine, width: number, ascii: boolean): DialogLine {
	const total = line.reduce((sum, s) => sum + stringWidth(s.text), 0);
	if (total <= width) {
		return line;
	}

	const out: DialogSegment[] = [];
	let left = width;
	for (const segment of line) {
		const w = stringWidth(segment.text);
		if (w < left) {
			out.push(segment);
			left -= w;
			continue;
		}

		out.push({text: cutText(segment.text, left, ascii), style: segment.style});
		break;
	}

	return out;
}

function fieldLines(dialog: DialogState, ascii: boolean): DialogLine[] {
	const g = glyphs(ascii);
	// Labels as wide as the longest of this dialog: the bounds stay on screen at 50 columns.
	const labelWidth = Math.max(...dialog.fields.map(field => fieldLabel(dialog, field).length));
	return dialog.fields.map(field => {
		const focused = field === dialog.field;
		// A field edited as an index into words shows the words (udp4, sd), never the index.
		const words = kindOf(dialog.kind).dialog.words?.(field);
		const shown = (value: number | undefined): string => (value === undefined ? '?' : (words ? words[value] ?? '?' : String(value)));
		return [
			{text: `${focused ? g.pointer : ' '} ${fieldLabel(dialog, field).padEnd(labelWidth)} ${shown(dialog.current[field]).padStart(6)} ${g.arrow} `, style: 'plain'},
			{text: ` ${shown(dialog.proposed[field])}${focused && dialog.typed !== '' ? '_' : ''} `, style: focused ? 'value' : 'title'},
			{text: words ? `  ${words.join(' ')}` : `  allowed ${dialog.min?.[field] ?? 1} ${g.ellipsis} ${dialog.max[field] ?? '?'}`, style: 'dim'},
		];
	});
}

function planLines(dialog: DialogState, width: number, ascii: boolean): DialogLine[] {
	const {plan} = dialog;
	const g = glyphs(ascii);
	const wrap = (text: string, style: DialogStyle, indent = ''): DialogLine[] =>
		wrapText(text, width, indent).map(line => [{text: line, style}]);
	if (!plan.ok) {
		return wrap(plan.problem.message, plan.problem.kind === 'unchanged' ? 'plain' : 'error');
	}

	return [
		...wrap(`${describeValues(plan.plan.before)} ${g.arrow} ${describeValues(plan.plan.after)}: what will happen`, 'plain'),
		...plan.plan.effects.flatMap(effect => wrap(`  ${g.bullet} ${effect}`, 'plain', '    ')),
		...wrap(`  ${g.bullet} reverted unless you keep it within ${Math.round(dialog.keepTimeoutMs / 1000)} s`, 'plain', '    '),
		...plan.plan.warnings.flatMap(warning => wrap(`  ! ${warning}`, 'warn', '    ')),
		...(dialog.recreateWait ? wrap(`  ! wait ${dialog.recreateWait.seconds} s (${dialog.recreateWait.reason}); F forces`, 'warn', '    ') : []),
	];
}

/**
 * The dialog in at most `maxLines` lines of at most `columns` columns. With
 * little room it drops, in order: the plan's last lines (a "…" line says so),
 * the blank spacers, the frame; the title, the fields and the keys stay longest.
 */
export function dialogLines(dialog: DialogState, columns: number, maxLines: number, ascii = false): DialogLine[] {
	const g = glyphs(ascii);
	const width = Math.max(1, Math.min(columns, 90));
	const framed = maxLines >= 7 && width >= 12;
	const inner = framed ? width - 4 : width;
	const title: DialogLine = [{text: dialogTitle(dialog.kind, dialog.device, dialog.vf), style: 'title'}];
	const keys: DialogLine = [{text: hintLine(['dialog']), style: 'dim'}];
	const fields = fieldLines(dialog, ascii);
	let plan = planLines(dialog, inner, ascii);
	const room = maxLines - (framed ? 2 : 0);
	const fixed = 1 + fields.length + 1;
	const spacers = room - fixed - plan.length >= 2 ? 2 : 0;
	const planRoom = Math.max(0, room - fixed - spacers);
	if (plan.length > planRoom) {
		plan = planRoom === 0 ? [] : [...plan.slice(0, planRoom - 1), [{text: `${g.ellipsis} (${plan.length - planRoom + 1} more lines: a larger terminal shows them)`, style: 'dim'}]];
	}

	const blank: DialogLine = [{text: '', style: 'plain'}];
	let content: DialogLine[] = [title, ...fields, ...(spacers ? [blank] : []), ...plan, ...(spacers ? [blank] : []), keys];
	if (content.length > room) {
		// Too small even for the fixed lines: keep the title and the keys, then as many fields as fit.
		content = [title, ...fields.slice(0, Math.max(0, room - 2)), keys].slice(0, Math.max(0, room));
	}

	const cut = content.map(line => cutLine(ascii ? line.map(s => ({...s, text: asciiText(s.text)})) : line, inner, ascii));
	if (!framed) {
		return cut;
	}

	const pad = (line: DialogLine): DialogLine => {
		const used = line.reduce((sum, s) => sum + stringWidth(s.text), 0);
		return [{text: `${g.vertical} `, style: 'frame'}, ...line, {text: `${' '.repeat(Math.max(0, inner - used))} ${g.vertical}`, style: 'frame'}];
	};

	return [
		[{text: g.topLeft + g.horizontal.repeat(width - 2) + g.topRight, style: 'frame'}],
		...cut.map(line => pad(line)),
		[{text: g.bottomLeft + g.horizontal.repeat(width - 2) + g.bottomRight, style: 'frame'}],
	];
}

/** A line's text without styles (tests, plain output). */
export const lineText = (line: DialogLine): string => line.map(s => s.text).join('');
