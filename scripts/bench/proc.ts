// CPU and memory of a process tree from /proc (Linux): what the bench
// measures a running hvtop (or watch) by. CPU counts the process, its reaped
// children (cutime/cstime) and every live descendant, so forked ethtool and
// sh runs are charged to whoever started them.
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';

export type ProcStat = {
	readonly pid: number;
	readonly ppid: number;
	/** utime, stime, cutime, cstime in clock ticks (fields 14–17 of proc(5)). */
	readonly utime: number;
	readonly stime: number;
	readonly cutime: number;
	readonly cstime: number;
};

/** Parses one /proc/<pid>/stat line; the command name may hold spaces and parentheses. */
export function parseStat(text: string): ProcStat | undefined {
	const open = text.indexOf('(');
	const close = text.lastIndexOf(')');
	if (open < 0 || close < open) {
		return undefined;
	}

	// After ") ": state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17).
	const rest = text.slice(close + 2).trim().split(/\s+/);
	const field = (n: number): number => Number(rest[n - 3]);
	const stat = {
		pid: Number(text.slice(0, open).trim()),
		ppid: field(4),
		utime: field(14),
		stime: field(15),
		cutime: field(16),
		cstime: field(17),
	};
	return Object.values(stat).every(Number.isFinite) ? stat : undefined;
}

/** Value in kB of a `Key:   123 kB` line of /proc/<pid>/status. */
export function parseStatusKb(text: string, key: string): number | undefined {
	const match = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
	return match ? Number(match[1]) : undefined;
}

function readStat(pid: number): ProcStat | undefined {
	try {
		return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return undefined; // Gone between listing and reading.
	}
}

/** `pid` and all its live descendants. */
export function processTree(pid: number): ProcStat[] {
	const all: ProcStat[] = [];
	for (const entry of readdirSync('/proc')) {
		if (/^\d+$/.test(entry)) {
			const stat = readStat(Number(entry));
			if (stat) {
				all.push(stat);
			}
		}
	}

	return treeOf(all, pid);
}

/** The members of `all` that are `root` or descend from it. */
export function treeOf(all: readonly ProcStat[], root: number): ProcStat[] {
	const children = new Map<number, ProcStat[]>();
	for (const stat of all) {
		const list = children.get(stat.ppid) ?? [];
		list.push(stat);
		children.set(stat.ppid, list);
	}

	const out: ProcStat[] = [];
	const pending = all.filter(stat => stat.pid === root);
	while (pending.length > 0) {
		const stat = pending.pop()!;
		out.push(stat);
		pending.push(...(children.get(stat.pid) ?? []));
	}

	return out;
}

let ticksPerSecond: number | undefined;

/** CLK_TCK (USER_HZ): 100 on every Linux we know, but ask. */
export function clockTicks(): number {
	if (ticksPerSecond === undefined) {
		try {
			ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8', timeout: 5000}).trim()) || 100;
		} catch {
			ticksPerSecond = 100;
		}
	}

	return ticksPerSecond;
}

/** CPU seconds used so far by the tree rooted at `pid`, children included. */
export function treeCpuSeconds(pid: number): number {
	const ticks = processTree(pid).reduce((sum, s) => sum + s.utime + s.stime + s.cutime + s.cstime, 0);
	return ticks / clockTicks();
}

/** A field of /proc/<pid>/status in MB, or undefined when the process is gone. */
export function statusMb(pid: number, key: 'VmHWM' | 'VmRSS'): number | undefined {
	try {
		const kb = parseStatusKb(readFileSync(`/proc/${pid}/status`, 'utf8'), key);
		return kb === undefined ? undefined : kb / 1024;
	} catch {
		return undefined;
	}
}
