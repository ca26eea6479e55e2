// The exporter's own entry, bundled alone as dist/hvtop-export.js: the bin's
// launcher loads it instead of the whole app for `hvtop export …`, so the
// service never loads Ink, React or the dashboard (less memory, faster start).
// It answers exactly as `hvtop export` inside the app does (scripts/bundle.ts
// calls exportMain with the arguments after "export").
import process from 'node:process';
import {visible} from '../visible.js';
import {exitCodes} from './exit-codes.js';
import {runExportCommand} from './export.js';

/** `hvtop export ARGS…` with this process's streams; the exit status. */
export async function exportMain(argv: readonly string[]): Promise<number> {
	process.env['NODE_ENV'] ??= 'production';
	try {
		return await runExportCommand(argv, {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env});
	} catch (error: unknown) {
		// A bug, not bad input: one line, as the app says it; the stack only on request.
		process.stderr.write(`hvtop: internal error: ${visible(error instanceof Error ? error.message : String(error))}\n`);
		if (process.env['HVTOP_DEBUG']) {
			console.error(error);
		}

		return exitCodes.internal;
	}
}
