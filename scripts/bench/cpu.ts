// CPU of a terminal program as an admin runs it: in a real pty of 120x40,
// after a warm-up, over a fixed window; the whole process tree counts
// (children forked and reaped included), as a percentage of one core.
import {startInPty, type PtyOptions} from './pty.js';
import {statusMb, treeCpuSeconds} from './proc.js';
import {sleep} from './stats.js';

export type CpuRun = {
	/** Percent of one core over the window. */
	readonly cpuPercent: number;
	readonly peakRssMb: number | undefined;
	/** Bytes per second written to the terminal over the window. */
	readonly outBytesPerSecond: number;
	readonly windowSeconds: number;
};

export type CpuOptions = PtyOptions & {
	readonly warmupMs?: number;
	readonly windowMs?: number;
	/** Checked after the warm-up: the program shows what it should (else the run is void). */
	readonly ready?: (screen: readonly string[]) => boolean;
};

export async function measureCpu(argv: readonly string[], options: CpuOptions = {}): Promise<CpuRun> {
	const run = startInPty(argv, {...options, screen: options.ready !== undefined});
	try {
		await sleep(options.warmupMs ?? 3000);
		if (!run.alive()) {
			throw new Error(`${argv.join(' ')} exited during the warm-up`);
		}

		if (options.ready && !options.ready(await run.screen())) {
			throw new Error(`${argv.join(' ')} did not show its screen after the warm-up:\n${(await run.screen()).join('\n')}`);
		}

		const cpu0 = treeCpuSeconds(run.pid);
		const bytes0 = run.bytes();
		const t0 = performance.now();
		await sleep(options.windowMs ?? 20_000);
		const cpu1 = treeCpuSeconds(run.pid);
		const seconds = (performance.now() - t0) / 1000;
		const peakRssMb = statusMb(run.pid, 'VmHWM');
		if (!run.alive()) {
			throw new Error(`${argv.join(' ')} exited during the measurement`);
		}

		return {cpuPercent: (100 * (cpu1 - cpu0)) / seconds, peakRssMb, outBytesPerSecond: (run.bytes() - bytes0) / seconds, windowSeconds: seconds};
	} finally {
		await run.stop();
	}
}
