// `hvtop report`: the raw answers of the ethtool reads the live source makes,
// for each device and its VF, and a stand-in `ethtool` that gives them back,
// so `--ethtool DIR/ethtool` re-reads the machine as it was. The stand-in
// answers exactly the captured argument lists and refuses anything else
// (every change among them): a report is for reading.
import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {argv} from '../../ethtool/argv.js';
import {hashedFlowTypes} from '../../ethtool/flow-hash.js';
import {runEthtool, type RunOptions} from './run-ethtool.js';

export type CapturedAnswer = {
	readonly args: readonly string[];
	/** null: killed (the timeout); -1: could not be run at all (then stderr says why). */
	readonly exitCode: number | null;
	readonly stdout: string;
	readonly stderr: string;
};

/** Every read the live source may make of `dev` (-i -l -g -S -x -k -c, the link, the flow hashes; and -d of a watched device: hv_netvsc's send table). */
export const readsOf = (dev: string, registers = false): string[][] => [
	argv.driverInfo(dev),
	argv.channels(dev),
	argv.rings(dev),
	argv.ringsJson(dev),
	argv.stats(dev),
	argv.rss(dev),
	argv.features(dev),
	argv.coalesce(dev),
	argv.link(dev),
	...hashedFlowTypes.map(type => argv.flowHash(dev, type)),
	...(registers ? [argv.registers(dev)] : []),
];

/**
 * Runs the reads one after another (a report must not load the machine); a failure is captured as an answer too.
 * `registers`: the devices whose `-d` the live source reads (the watched ones, never a VF's registers).
 */
export async function captureEthtool(devices: readonly string[], options: RunOptions, registers: ReadonlySet<string> = new Set()): Promise<CapturedAnswer[]> {
	const answers: CapturedAnswer[] = [];
	for (const args of [argv.version(), ...devices.flatMap(dev => readsOf(dev, registers.has(dev)))]) {
		// eslint-disable-next-line no-await-in-loop -- one ethtool at a time, on purpose
		const run = await runEthtool(args, options);
		answers.push(run.ok ? {args, ...run.value} : {args, exitCode: -1, stdout: '', stderr: `${run.error.message}\n`});
	}

	return answers;
}

// The stand-in: plain Node, no dependency, reads answers.json beside itself.
const standin = `#!/usr/bin/env node
// hvtop report's stand-in ethtool: answers what was captured, nothing else.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
const answers = JSON.parse(fs.readFileSync(path.join(__dirname, 'answers.json'), 'utf8'));
const found = answers.find(a => a.args.length === args.length && a.args.every((arg, i) => arg === args[i]));
if (!found) {
	process.stderr.write('hvtop report stand-in: no captured answer for: ethtool ' + args.join(' ') + ' (a report is read-only)\\n');
	process.exit(95);
}
process.stdout.write(found.stdout);
process.stderr.write(found.stderr);
process.exit(found.exitCode === null || found.exitCode < 0 ? 1 : found.exitCode);
`;

/** Writes dir/answers.json and the stand-in dir/ethtool (a .cjs script run by node); returns the stand-in's path. */
export function writeEthtoolStandin(dir: string, answers: readonly CapturedAnswer[]): string {
	// Extensionless scripts are CommonJS only where no package.json says otherwise: say it here.
	writeFileSync(path.join(dir, 'package.json'), '{"type": "commonjs"}\n', {mode: 0o644});
	writeFileSync(path.join(dir, 'answers.json'), `${JSON.stringify(answers, null, 1)}\n`, {mode: 0o644});
	const script = path.join(dir, 'ethtool');
	writeFileSync(script, standin, {mode: 0o755});
	chmodSync(script, 0o755);
	return script;
}
