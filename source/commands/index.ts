// Routes `hvtop set|rollback|persist|persist-apply|export|fleet|report|guard …` to their commands, with the same
// model-or-live choice as the dashboard.
import process from 'node:process';
import {openSource} from '../open-source.js';
import {parseOptions} from '../options.js';
import {runGuard} from '../tuning/guard.js';
import type {Result} from '../types.js';
import type {Source} from '../sources/source.js';
import {runPersistCommand} from './persist.js';
import {runPersistApply} from './persist-apply.js';
import {runExportCommand} from './export.js';
import {runFleetCommand} from './fleet.js';
import {runReportCommand} from './report.js';
import {runRollbackCommand} from './rollback.js';
import {runSetCommand, type CommandOptions, type SourceRequest} from './set.js';

/** The source a command asks for, opened as the dashboard opens it (exported for tests). */
export async function createSource(request: SourceRequest): Promise<Result<Source>> {
	const {machine, world} = request;
	const options = parseOptions({
		// `hvtop report` without --device: every device, as the dashboard.
		...(request.device === '' ? {} : {device: request.device}),
		...(request.live === undefined ? {} : (request.live ? {live: true} : {model: true})),
		...(world?.scenario === undefined ? {} : {scenario: world.scenario}),
		...(world?.seed === undefined ? {} : {seed: String(world.seed)}),
		...(world?.kernel === undefined ? {} : {kernel: world.kernel}),
		...(machine ? {sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool} : {}),
	});
	return options.ok ? openSource(options.value) : options;
}

export async function runSubcommand(name: string, args: readonly string[]): Promise<number> {
	const io = {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env};
	const options: CommandOptions = {createSource};
	switch (name) {
		case 'set': {
			return runSetCommand(args, io, options);
		}

		case 'rollback': {
			return runRollbackCommand(args, io, options);
		}

		case 'persist': {
			return runPersistCommand(args, io, options);
		}

		case 'persist-apply': {
			return runPersistApply(args, io, options);
		}

		case 'export': {
			return runExportCommand(args, io);
		}

		case 'fleet': {
			return runFleetCommand(args, io);
		}

		case 'report': {
			return runReportCommand(args, io, {createSource});
		}

		default: {
			return runGuard(args);
		}
	}
}
