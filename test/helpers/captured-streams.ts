// A command's stdout and stderr as streams that keep what was written, for in-process runs.
import {PassThrough} from 'node:stream';

export type CapturedStreams = {readonly stdout: PassThrough; readonly stderr: PassThrough; readonly out: () => string; readonly error: () => string};

export function capturedStreams(): CapturedStreams {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let error = '';
	stdout.on('data', chunk => {
		out += String(chunk);
	});
	stderr.on('data', chunk => {
		error += String(chunk);
	});
	return {stdout, stderr, out: () => out, error: () => error};
}
