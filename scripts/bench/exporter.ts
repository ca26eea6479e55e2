// Issue 18's exporter figure: `hvtop export --model --scenario large` (64
// queues) scraped every 15 s as Prometheus would: the process's CPU over the
// scrapes (as % of one core), its peak RSS, and one scrape's time as the
// scraper sees it. The scrape reads the model then, so its time is the cost.
// The process is the bin's (dist/hvtop.js with its #! flags), which runs
// the exporter's own bundle (scripts/bundle.ts, exportEntry).
import {spawn} from 'node:child_process';
import {createServer} from 'node:net';
import type {BenchContext, Figure} from './figures.js';
import {statusMb, treeCpuSeconds} from './proc.js';
import {childEnv} from './pty.js';
import {median, sleep} from './stats.js';

const intervalMs = 15_000;
const scrapes = 5;

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as {port: number};
			server.close(() => {
				resolve(port);
			});
		});
	});
}

async function timedScrape(url: string): Promise<number> {
	const started = performance.now();
	const response = await fetch(url);
	await response.text();
	if (response.status !== 200) {
		throw new Error(`${url}: HTTP ${response.status}`);
	}

	return performance.now() - started;
}

export async function exporterCost(context: BenchContext): Promise<Figure> {
	const port = await freePort();
	// The bin itself, as a service unit runs it: its launcher's node flags, and the exporter's own bundle.
	const child = spawn(context.bin, ['export', '--model', '--scenario', 'large', '--listen', `127.0.0.1:${port}`], {stdio: ['ignore', 'ignore', 'pipe'], env: childEnv()});
	try {
		await new Promise<void>((resolve, reject) => {
			child.stderr.on('data', (chunk: Buffer) => {
				if (chunk.toString().includes('serving')) {
					resolve();
				}
			});
			child.once('exit', code => {
				reject(new Error(`hvtop export exited (${code ?? 'signal'})`));
			});
		});
		const url = `http://127.0.0.1:${port}/metrics`;
		context.log(`exporter: first scrape, then ${scrapes} every ${intervalMs / 1000} s`);
		await timedScrape(url);
		await sleep(intervalMs);
		const cpuBefore = treeCpuSeconds(child.pid!);
		const wallBefore = performance.now();
		const times: number[] = [];
		for (let i = 0; i < scrapes; i++) {
			// eslint-disable-next-line no-await-in-loop
			times.push(await timedScrape(url));
			// eslint-disable-next-line no-await-in-loop
			await sleep(intervalMs);
		}

		const cpuPercent = ((treeCpuSeconds(child.pid!) - cpuBefore) / ((performance.now() - wallBefore) / 1000)) * 100;
		const peakMb = statusMb(child.pid!, 'VmHWM') ?? Number.NaN;
		const scrapeMs = median(times);
		const met = cpuPercent <= 0.2 && peakMb <= 60 && scrapeMs <= 30;
		return {
			id: 'exporter',
			number: 9,
			title: 'exporter, 64-queue model scraped every 15 s',
			target: '≤ 0.2 % of a core, ≤ 60 MB peak RSS, one scrape ≤ 30 ms',
			value: `${cpuPercent.toFixed(2)} % CPU, ${peakMb.toFixed(0)} MB peak, scrape ${scrapeMs.toFixed(0)} ms`,
			met,
			details: [`scrape times (ms): ${times.map(ms => ms.toFixed(0)).join(', ')}`],
		};
	} finally {
		child.kill('SIGKILL');
	}
}
