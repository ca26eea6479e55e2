// Runs the test stand-in for `hvtop` (fixtures/hvtop.ts) inside a test-made
// network namespace, with HVTOP_STATE_DIR, and reads a veth's channels.
import type {ChildProcess} from 'node:child_process';
import path from 'node:path';
import type {VethPair} from '../../helpers/netns.js';

export const fixture = path.resolve('test/tuning/fixtures/hvtop.ts');

export type Run = {
	readonly child: ChildProcess;
	output(): string;
	waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
	readonly exit: Promise<number | null>;
};

export function hvtop(pair: VethPair, dir: string, args: readonly string[], options: {ns?: string; prefix?: readonly string[]} = {}): Run {
	const child = pair.spawnIn(options.ns ?? pair.nsA, [...(options.prefix ?? []), 'env', `HVTOP_STATE_DIR=${dir}`, process.execPath, '--import=tsx', fixture, ...args], {cwd: process.cwd()});
	let text = '';
	const waiters = new Set<() => void>();
	const onData = (chunk: Buffer) => {
		text += chunk.toString();
		for (const waiter of waiters) {
			waiter();
		}
	};

	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	const exit = new Promise<number | null>(resolve => {
		child.once('exit', code => {
			resolve(code);
		});
	});
	return {
		child,
		output: () => text,
		exit,
		async waitFor(pattern, timeoutMs = 90_000) {
			if (pattern.test(text)) {
				return;
			}

			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms; output:\n${text}`));
				}, timeoutMs);
				const check = () => {
					if (pattern.test(text)) {
						clearTimeout(timer);
						waiters.delete(check);
						resolve();
					}
				};

				waiters.add(check);
			});
		},
	};
}

export async function rxTx(pair: VethPair): Promise<{rx: number; tx: number}> {
	const result = await pair.exec(pair.nsA, ['ethtool', '-l', pair.devA]);
	const current = result.stdout.split('Current hardware settings:')[1] ?? '';
	return {rx: Number(/RX:\s+(\d+)/.exec(current)?.[1]), tx: Number(/TX:\s+(\d+)/.exec(current)?.[1])};
}

export async function setRxTx(pair: VethPair, n: number): Promise<void> {
	const result = await pair.exec(pair.nsA, ['ethtool', '-L', pair.devA, 'rx', String(n), 'tx', String(n)]);
	if (result.exitCode !== 0) {
		throw new Error(result.stderr);
	}
}

