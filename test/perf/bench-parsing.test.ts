// The bench's readers (scripts/bench): /proc/<pid>/stat and status parsing,
// the process-tree walk, and what counts as a complete first frame.
import test from 'ava';
import {isCompleteFrame} from '../../scripts/bench/frame.js';
import {parseStat, parseStatusKb, processTree, treeOf, type ProcStat} from '../../scripts/bench/proc.js';
import {median, percentile} from '../../scripts/bench/stats.js';

// A real line's layout (proc(5)): pid (comm) state ppid … utime stime cutime cstime …
const statLine = (pid: number, comm: string, ppid: number, times: [number, number, number, number]) =>
	`${pid} (${comm}) S ${ppid} ${pid} ${pid} 34816 ${pid} 4194304 1000 0 0 0 ${times.join(' ')} 20 0 11 0 5000 1000000 20000 18446744073709551615 1 1 0 0 0 0 0 16781312 134235650 0 0 0 17 1 0 0 0 0 0`;

test('parseStat reads pid, ppid and the four CPU fields', t => {
	t.deepEqual(parseStat(statLine(4242, 'node', 1, [150, 20, 7, 3])), {pid: 4242, ppid: 1, utime: 150, stime: 20, cutime: 7, cstime: 3});
});

test('parseStat survives a command name with spaces and parentheses', t => {
	t.deepEqual(parseStat(statLine(7, 'evil ) name (x', 3, [1, 2, 3, 4])), {pid: 7, ppid: 3, utime: 1, stime: 2, cutime: 3, cstime: 4});
	t.is(parseStat('garbage'), undefined);
	t.is(parseStat('1 (x) S'), undefined);
});

test('parseStat agrees with this process', t => {
	const own = processTree(process.pid)[0];
	t.is(own?.pid, process.pid);
	t.is(own?.ppid, process.ppid);
});

test('parseStatusKb reads a kB field of /proc/<pid>/status', t => {
	const status = 'Name:\tnode\nVmPeak:\t  900000 kB\nVmHWM:\t   81234 kB\nVmRSS:\t   80000 kB\n';
	t.is(parseStatusKb(status, 'VmHWM'), 81_234);
	t.is(parseStatusKb(status, 'VmRSS'), 80_000);
	t.is(parseStatusKb(status, 'VmSwap'), undefined);
});

test('treeOf keeps the root and every descendant, nothing else', t => {
	const stat = (pid: number, ppid: number): ProcStat => ({pid, ppid, utime: 0, stime: 0, cutime: 0, cstime: 0});
	const all = [stat(1, 0), stat(10, 1), stat(11, 10), stat(12, 11), stat(13, 10), stat(20, 1), stat(21, 20)];
	t.deepEqual(treeOf(all, 10).map(s => s.pid).sort((a, b) => a - b), [10, 11, 12, 13]);
	t.deepEqual(treeOf(all, 99), []);
});

test('median and percentile', t => {
	t.is(median([3, 1, 2]), 2);
	t.is(median([4, 1, 3, 2]), 2.5);
	t.true(Number.isNaN(median([])));
	t.is(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9);
});

const screen = (rows: string[]) => [
	'hvtop vm  MODEL — no hv_netvsc device found (large)  every 1s',
	'eth0 1/2  hv_netvsc  link up 10G  64 vCPU',
	'  Q  CPU   rx pps     rx rate   tx pps     tx rate  share                  rx pps, last 30s',
	...rows,
	'all         2.37M   19.1 Gb/s    2.00M   73.6 Gb/s   100% imbalance 2.53×',
];

test('a frame with rates is complete', t => {
	t.true(isCompleteFrame(screen([
		'  0    0    39.0k    304 Mb/s     122k   4.39 Gb/s   3.7% ████████████████         ▇',
		'  1    1    40.8k    309 Mb/s     120k   4.35 Gb/s   3.7% ████████████████         █',
	])));
	t.true(isCompleteFrame(screen(['  7    -        0       0 B/s     1.2k   1.10 MB/s   0.0%'])));
});

test('the measuring frame, a frame of zeros, and a screen without the table are not', t => {
	t.false(isCompleteFrame([...screen(['  0    0        0       0 b/s        0       0 b/s   0.0%']), 'measuring…']));
	t.false(isCompleteFrame(screen(['  0    0        0       0 b/s        0       0 b/s   0.0%'])));
	t.false(isCompleteFrame(['hvtop vm  MODEL', '-  ?  reading…', 'reading the device…']));
	t.false(isCompleteFrame(screen([])));
});
