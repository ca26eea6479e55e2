// One ethtool invocation turned into a typed Result: run (run-ethtool.ts),
// decide success by exit status (failureFromEthtool knows ethtool's lies),
// then parse. Parsers never throw by contract; the try is a last fence so a
// parser bug shows as an error panel, not a crashed screen.
import {failureFromEthtool} from '../../ethtool/index.js';
import {failWith} from '../../errors.js';
import {fail, type Result} from '../../types.js';
import {runEthtool, type RunOptions} from './run-ethtool.js';

export async function ethtoolRead<T>(args: readonly string[], parse: (stdout: string) => Result<T>, options: RunOptions): Promise<Result<T>> {
	const run = await runEthtool(args, options);
	if (!run.ok) {
		return run;
	}

	const {stdout, stderr, exitCode} = run.value;
	const failure = failureFromEthtool(stderr, exitCode, stdout);
	if (failure) {
		return fail(failure);
	}

	try {
		return parse(stdout);
	} catch (error) {
		return failWith('EPARSE', `unreadable output of ethtool ${args.join(' ')}: ${String(error)}`);
	}
}

/** A set (`-L`, `-G`): success is an empty Result. */
export async function ethtoolSet(args: readonly string[], options: RunOptions): Promise<Result<undefined>> {
	return ethtoolRead(args, () => ({ok: true, value: undefined}), options);
}
