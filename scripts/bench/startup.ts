// Figure 4: from spawning hvtop in a pty to the first complete frame on the
// (emulated) screen: the queue table with rates. Also the CPU the process
// used until then, which a loaded machine does not stretch as it does wall time.
import {isCompleteFrame} from './frame.js';
import {treeCpuSeconds} from './proc.js';
import {startInPty, type PtyOptions} from './pty.js';

export type FirstFrame = {readonly ms: number; readonly cpuMs: number};

/** Time and CPU to the first complete frame, or undefined when none came within `timeoutMs`. */
export async function timeToFirstFrame(argv: readonly string[], options: PtyOptions & {timeoutMs?: number} = {}): Promise<FirstFrame | undefined> {
	const run = startInPty(argv, {...options, screen: true});
	try {
		const ms = await run.waitForScreen(isCompleteFrame, options.timeoutMs ?? 10_000);
		return ms === undefined ? undefined : {ms, cpuMs: treeCpuSeconds(run.pid) * 1000};
	} finally {
		await run.stop();
	}
}
