// Small text helpers shared by the parsers. ethtool's TABs are usually spaces
// in pastes, CRLF appears when output crossed Windows tooling, and the ioctl
// and netlink paths add blank lines at either end, so every parser starts here.
import {failWith} from '../errors.js';
import type {Result} from '../types.js';

/** Lines without their line terminators (LF, CRLF or a lone CR) and trailing blanks. */
export function toLines(text: string): string[] {
	return text.split(/\r\n|\r|\n/).map(line => line.trimEnd());
}

/** A decimal count as ethtool prints it (%u); undefined for anything else or beyond 2^53. */
export function parseCount(text: string): number | undefined {
	if (!/^\d{1,16}$/.test(text)) {
		return undefined;
	}

	const value = Number(text);
	return Number.isSafeInteger(value) ? value : undefined;
}

/** A non-negative safe integer taken from JSON, or undefined. */
export function jsonCount(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** The failure every parser returns for input it cannot trust. */
export function parseFailure<T = never>(message: string): Result<T> {
	return failWith<T>('EPARSE', message);
}

/** `label: value` with any run of TABs/spaces after the colon (label keeps inner spaces). */
export function splitLabel(line: string): {label: string; value: string} | undefined {
	const match = /^\s*([A-Za-z][\w -]*?):(?:\s+(.*))?$/.exec(line);
	if (!match) {
		return undefined;
	}

	return {label: match[1] ?? '', value: (match[2] ?? '').trim()};
}

/**
 * JSON output (`--json`) is an array holding one object per device; returns the
 * first object, or undefined when the text is not that shape. Never throws.
 */
export function firstJsonObject(text: string): Record<string, unknown> | undefined {
	const trimmed = text.trim();
	if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) {
		return undefined;
	}

	let parsed: unknown;
	try {
		parsed = JSON.parse(trimmed);
	} catch {
		return undefined;
	}

	const first: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
	if (typeof first !== 'object' || first === null || Array.isArray(first)) {
		return undefined;
	}

	return first as Record<string, unknown>;
}

/** True when the text looks like `--json` output rather than the text layout. */
export function looksLikeJson(text: string): boolean {
	return /^\s*[[{]/.test(text);
}
