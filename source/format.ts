// Number formatting for narrow terminal columns. Rates are shown with SI
// prefixes (k, M, G) so a 64-queue table stays readable at 80 columns.

export type Units = 'bits' | 'bytes';

const prefixes = ['', 'k', 'M', 'G', 'T', 'P'] as const;

/** 1234567 → "1.23M"; keeps 3 significant digits, never more than 5 characters. */
export function formatSi(value: number): string {
	if (!Number.isFinite(value) || value <= 0) {
		return '0';
	}

	let scaled = value;
	let step = 0;
	while (scaled >= 999.5 && step < prefixes.length - 1) {
		scaled /= 1000;
		step++;
	}

	const digits = step === 0 ? (scaled < 10 ? 1 : 0) : (scaled < 10 ? 2 : (scaled < 100 ? 1 : 0));
	const text = step === 0 && Number.isInteger(scaled) ? String(scaled) : scaled.toFixed(digits);
	return `${text}${prefixes[step]!}`;
}

/** Packets per second: "12.3k". */
export const formatPps = (pps: number): string => formatSi(pps);

/** A byte rate in the chosen unit: "98.4 Mb/s" (bits) or "12.3 MB/s" (bytes). */
export function formatRate(bytesPerSecond: number, units: Units): string {
	const value = units === 'bits' ? bytesPerSecond * 8 : bytesPerSecond;
	const text = formatSi(value);
	const prefix = /[kMGTP]$/.test(text) ? text.at(-1)! : '';
	return `${prefix ? text.slice(0, -1) : text} ${prefix}${units === 'bits' ? 'b/s' : 'B/s'}`;
}

/** Binary sizes for buffers: 16777216 → "16.0 MiB". */
export function formatBytes(bytes: number): string {
	const units = ['B', 'KiB', 'MiB', 'GiB'];
	let value = bytes;
	let step = 0;
	while (value >= 1024 && step < units.length - 1) {
		value /= 1024;
		step++;
	}

	return step === 0 ? `${value} B` : `${value.toFixed(1)} ${units[step]!}`;
}

export const formatPercent = (share: number): string => `${(share * 100).toFixed(share >= 0.995 ? 0 : 1)}%`;

/** A counter value, exact: BigInt with thin grouping for long numbers. */
export function formatCount(value: bigint): string {
	return value < 100_000n ? value.toString() : formatSi(Number(value));
}

/** A horizontal bar of `width` cells filled to `fraction` (eighth-blocks when UTF-8 is allowed). */
export function bar(fraction: number, width: number, ascii = false): string {
	if (width <= 0) {
		return '';
	}

	const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
	if (ascii) {
		const filled = Math.round(clamped * width);
		return '#'.repeat(filled).padEnd(width, ' ');
	}

	const eighths = Math.round(clamped * width * 8);
	const full = Math.floor(eighths / 8);
	const rest = eighths % 8;
	const partial = rest > 0 ? ' ▏▎▍▌▋▊▉'[rest]! : '';
	return ('█'.repeat(full) + partial).padEnd(width, ' ');
}
