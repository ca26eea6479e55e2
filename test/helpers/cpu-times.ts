// CPU time of this process and of the children it has reaped (ethtool runs),
// for cost measurements; Linux only.
import {readFileSync} from 'node:fs';

/** CPU ms of this process and of its waited-for children, from /proc/self/stat. */
export function cpuTimes(): {self: number; children: number} {
	const stat = readFileSync('/proc/self/stat', 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
	// Fields 14-17 of stat(5) (utime stime cutime cstime) are 11-14 after the comm.
	const tick = 1000 / 100; // USER_HZ is 100 on Linux
	return {self: (fields[11]! + fields[12]!) * tick, children: (fields[13]! + fields[14]!) * tick};
}
