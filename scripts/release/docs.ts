// Writes the man page and the completions into dist/ (npm run build runs it):
// dist/hvtop.1, dist/completions/hvtop.bash and dist/completions/_hvtop,
// from the sources of `hvtop --help`, the help screen's keys, the
// subcommands' usage and exit codes, the model's scenarios.
//   node --import=tsx scripts/release/docs.ts [outdir]
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {exitCodeTable} from '../../source/commands/exit-codes.js';
import {exportUsage} from '../../source/commands/export-args.js';
import {fleetUsage} from '../../source/commands/fleet.js';
import {persistUsage} from '../../source/commands/persist-args.js';
import {reportUsage} from '../../source/commands/report-args.js';
import {rollbackUsage} from '../../source/commands/rollback.js';
import {setUsage} from '../../source/commands/set.js';
import {helpText} from '../../source/help-text.js';
import {faultKinds} from '../../source/netvsc/faults.js';
import {listScenarios} from '../../source/netvsc/scenarios.js';
import {viewNames} from '../../source/views/registry.js';
import {defaultStateDir} from '../../source/tuning/journal.js';
import {helpRows} from '../../source/ui/keymap.js';
import {bashCompletion, zshCompletion, type CompletionInput} from './completions.js';
import {allOptions, parseHelp} from './help-model.js';
import {renderMan, type ManInput} from './man.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export type Docs = {readonly man: string; readonly bash: string; readonly zsh: string};

export function generateDocs(): Docs {
	const json = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {name: string; version: string; description: string};
	const help = parseHelp(helpText);
	const subcommandUsage = [...setUsage.split('\n').map(line => line.trim().replace(/^usage:\s*/, '')), ...[rollbackUsage, ...persistUsage.split('\n'), exportUsage, fleetUsage, reportUsage.split('\n')[0]!].map(usage => usage.trim().replace(/^usage:\s*/, ''))];
	const scenarios = listScenarios();
	const state = defaultStateDir;
	const man: ManInput = {
		name: json.name,
		version: json.version,
		description: json.description,
		help,
		subcommandUsage,
		keys: helpRows().map(row => ({keys: row.keys, action: row.help})),
		scenarios,
		changeExitCodes: exitCodeTable,
		files: [
			[`${state}/journal/DEV.jsonl`, 'the change journal: one fsync\'d JSON line per state of each change to DEV'],
			[`${state}/lock/DEV.lock`, 'held while a change to DEV is pending'],
			[`${state}/guard/ID.sock, ${state}/guard/ID.log`, 'the socket and log of the guard that rolls back a change not kept in time'],
			['/sys/class/net, /proc', 'what hvtop reads on a live machine (and ethtool\'s answers)'],
		],
		environment: [
			['NO_COLOR', 'when set and not empty, no colour (colour is also off when output is not a terminal)'],
			['HVTOP_STATE_DIR', `the directory for the journal, locks and guards instead of ${state}`],
			['HVTOP_ETHTOOL_TIMEOUT', 'seconds each ethtool read may take (0.1 to 600, default 3); a read that takes longer is killed and shown as not read'],
			['HVTOP_DEBUG', 'when set, an internal error prints its stack trace too'],
		],
	};
	const completion: CompletionInput = {
		flags: allOptions(help),
		subcommandUsage,
		scenarios: scenarios.map(scenario => scenario.name),
		views: viewNames,
		faults: faultKinds,
	};
	return {man: renderMan(man), bash: bashCompletion(completion), zsh: zshCompletion(completion)};
}

export function writeDocs(outdir: string): void {
	const docs = generateDocs();
	mkdirSync(path.join(outdir, 'completions'), {recursive: true});
	writeFileSync(path.join(outdir, 'hvtop.1'), docs.man);
	writeFileSync(path.join(outdir, 'completions/hvtop.bash'), docs.bash);
	writeFileSync(path.join(outdir, 'completions/_hvtop'), docs.zsh);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	writeDocs(process.argv[2] ?? path.join(repoRoot, 'dist'));
}
