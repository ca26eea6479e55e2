// Process identity that survives pid reuse: a pid plus its start time
// (/proc/<pid>/stat field 22, in clock ticks since boot).
import {readFileSync} from 'node:fs';

export type ProcessIdentity = {readonly pid: number; readonly starttime: number};

type Stat = {readonly state: string; readonly starttime: number};

function readStat(pid: number): Stat | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name may contain spaces and parentheses: split after the last ')'.
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		// Fields[0] is field 3 (state); starttime is field 22.
		const starttime = Number(fields[19]);
		return Number.isFinite(starttime) ? {state: fields[0] ?? '?', starttime} : undefined;
	} catch {
		return undefined;
	}
}

export function identityOf(pid: number): ProcessIdentity | undefined {
	const stat = readStat(pid);
	return stat ? {pid, starttime: stat.starttime} : undefined;
}

export const selfIdentity = (): ProcessIdentity => identityOf(process.pid) ?? {pid: process.pid, starttime: 0};

/** Alive and the same process (not a zombie, not a reused pid). */
export function isAlive(identity: ProcessIdentity | undefined): boolean {
	if (!identity || !Number.isSafeInteger(identity.pid) || identity.pid <= 0) {
		return false;
	}

	const stat = readStat(identity.pid);
	return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X' && stat.starttime === identity.starttime;
}

/** The one root check: effective uid 0 (CAP_NET_ADMIN in practice). */
export const isRoot = (): boolean => process.getuid?.() === 0;
