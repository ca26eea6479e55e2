// `ethtool -x DEV`: ioctl until ethtool 6.1, netlink from 6.2 (same body, but a
// leading empty line and, from 6.9, an `RSS input transformation:` section),
// and `ethtool --json -x DEV` from 6.2. Sections are found by their headers;
// `Operation not supported` under a header means the driver has none (empty
// table / key / hfunc). Table rows are `%5u: ` + up to eight ` %5u` entries
// and must follow each other (row start = entries so far), else EPARSE.
import {ok, type Result, type Rss} from '../types.js';
import {firstJsonObject, looksLikeJson, parseCount, parseFailure, toLines} from './text.js';

type Section = 'table' | 'key' | 'hfunc' | 'other';

const tableHeader = /^RX flow hash indirection table for .+ with \d+ RX ring\(s\):$/;
const sectionHeaders = new Map<string, Section>([
	['RSS hash key:', 'key'],
	['RSS hash function:', 'hfunc'],
	['RSS input transformation:', 'other'],
]);
const tableRow = /^(\d+):((?:\s+\d+)+)$/;
const hexKey = /^[\da-fA-F]{2}(?::[\da-fA-F]{2})*$/;
const hfuncLine = /^([\w-]+):\s+(on|off)$/;

export function parseRss(stdout: string): Result<Rss> {
	if (typeof stdout !== 'string') {
		return parseFailure('ethtool -x: no output');
	}

	return looksLikeJson(stdout) ? fromJson(stdout) : fromText(stdout);
}

function fromText(stdout: string): Result<Rss> {
	const table: number[] = [];
	let key = '';
	let hfunc = '';
	let section: Section | undefined;
	for (const raw of toLines(stdout)) {
		const line = raw.trim();
		if (tableHeader.test(line)) {
			section = 'table';
			continue;
		}

		const header = sectionHeaders.get(line);
		if (header) {
			section = header;
			continue;
		}

		if (section === 'table') {
			const row = tableRow.exec(line);
			// A line shaped like a row that does not read as one would silently shorten the table.
			if (!row && /^\d+:/.test(line)) {
				return parseFailure(`ethtool -x: broken indirection table row "${line.slice(0, 80)}"`);
			}

			if (row) {
				const start = parseCount(row[1] ?? '');
				const entries = (row[2] ?? '').trim().split(/\s+/).map(entry => parseCount(entry));
				if (start !== table.length || entries.some(entry => entry === undefined)) {
					return parseFailure(`ethtool -x: broken indirection table row "${line.slice(0, 80)}"`);
				}

				table.push(...entries as number[]);
			}
		} else if (section === 'key' && hexKey.test(line)) {
			key = line.toLowerCase();
		} else if (section === 'hfunc' && hfunc === '') {
			const match = hfuncLine.exec(line);
			if (match?.[2] === 'on') {
				hfunc = match[1] ?? '';
			}
		}
	}

	return section === undefined
		? parseFailure('ethtool -x: no indirection table header')
		: ok({table, key, hfunc});
}

// `{"rss-indirection-table": [0,1,…], "rss-hash-key": [109,90,…], "rss-hash-function": "toeplitz"}`;
// a key is absent when the driver does not report it.
function fromJson(stdout: string): Result<Rss> {
	const object = firstJsonObject(stdout);
	if (!object) {
		return parseFailure('ethtool --json -x: no device object in the JSON output');
	}

	const rawTable = object['rss-indirection-table'] ?? [];
	const rawKey = object['rss-hash-key'] ?? [];
	const rawHfunc = object['rss-hash-function'] ?? '';
	if (!isUintArray(rawTable, 0xFF_FF_FF_FF) || !isUintArray(rawKey, 0xFF) || typeof rawHfunc !== 'string') {
		return parseFailure('ethtool --json -x: unexpected value types');
	}

	const key = rawKey.map(byte => byte.toString(16).padStart(2, '0')).join(':');
	return ok({table: [...rawTable], key, hfunc: rawHfunc});
}

function isUintArray(value: unknown, max: number): value is number[] {
	return Array.isArray(value) && value.every(item => Number.isSafeInteger(item) && item >= 0 && item <= max);
}
