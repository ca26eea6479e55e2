// How long one ethtool read may take. 3 s is plenty for ethtool on an idle
// guest; a guest whose CPUs are saturated by softirq (the case hvtop is for),
// or a slow stand-in under test, may need more: HVTOP_ETHTOOL_TIMEOUT sets it
// in seconds for the dashboard, every command and the guard they start.
import process from 'node:process';

export const ethtoolTimeoutVariable = 'HVTOP_ETHTOOL_TIMEOUT';
const fallbackMs = 3000;
const range = {min: 0.1, max: 600} as const;

function parse(text: string | undefined): number | string | undefined {
	if (text === undefined || text.trim() === '') {
		return undefined;
	}

	const seconds = Number(text.trim());
	if (!Number.isFinite(seconds) || seconds < range.min || seconds > range.max) {
		return `${ethtoolTimeoutVariable} is seconds between ${range.min} and ${range.max}, not '${text}'`;
	}

	return Math.round(seconds * 1000);
}

/** The sentence saying why the variable is wrong, or undefined; the CLI refuses to start on it. */
export function readTimeoutProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
	const value = parse(env[ethtoolTimeoutVariable]);
	return typeof value === 'string' ? value : undefined;
}

/** Milliseconds one read may take: the variable's when it is valid, else 3000. */
export function defaultReadTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
	const value = parse(env[ethtoolTimeoutVariable]);
	return typeof value === 'number' ? value : fallbackMs;
}
