// The guard's socket protocol: newline-delimited JSON. The journal stays the
// source of truth; the socket only carries commands in and states out.
import path from 'node:path';
import type {ChangeView} from './types.js';

export type ToGuard =
	| {readonly type: 'apply'}
	| {readonly type: 'keep'}
	| {readonly type: 'revert'}
	| {readonly type: 'extend'; readonly ms: number}
	| {readonly type: 'session-lost'};

export type FromGuard = {readonly type: 'update'; readonly change: ChangeView};

export const guardDir = (stateDir: string): string => path.join(stateDir, 'guard');
export const socketPath = (stateDir: string, id: string): string => path.join(guardDir(stateDir), `${id}.sock`);
export const guardLogPath = (stateDir: string, id: string): string => path.join(guardDir(stateDir), `${id}.log`);

export const encode = (message: ToGuard | FromGuard): string => `${JSON.stringify(message)}\n`;

/** Splits a byte stream into messages; garbage lines are dropped. */
export function lineReader(onMessage: (message: unknown) => void): (chunk: Buffer | string) => void {
	let buffered = '';
	return chunk => {
		buffered += chunk.toString();
		let newline = buffered.indexOf('\n');
		while (newline !== -1) {
			const line = buffered.slice(0, newline);
			buffered = buffered.slice(newline + 1);
			try {
				onMessage(JSON.parse(line));
			} catch {}

			newline = buffered.indexOf('\n');
		}
	};
}

export function isToGuard(message: unknown): message is ToGuard {
	const type = (message as {type?: unknown} | null)?.type;
	if (type === 'extend') {
		const {ms} = message as {ms?: unknown};
		return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0;
	}

	return type === 'apply' || type === 'keep' || type === 'revert' || type === 'session-lost';
}

export const isFromGuard = (message: unknown): message is FromGuard =>
	(message as {type?: unknown} | null)?.type === 'update' && typeof (message as {change?: unknown}).change === 'object';

/** The same view with every time moved by `f` (between a process's clock and CLOCK_MONOTONIC). */
export function mapTimes(change: ChangeView, f: (ms: number) => number): ChangeView {
	return {
		...change,
		...(change.deadline === undefined ? {} : {deadline: f(change.deadline)}),
		...(change.retryAt === undefined ? {} : {retryAt: f(change.retryAt)}),
		history: change.history.map(h => ({state: h.state, at: f(h.at)})),
	};
}
