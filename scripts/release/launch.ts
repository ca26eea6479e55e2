// How the single executable starts hvtop with the bin's flags (see
// scripts/bundle.ts, binNodeFlags and binEnv). A single executable takes no
// Node options on its command line, so:
//  - options Node accepts in NODE_OPTIONS (the semi-space size: V8 sizes the
//    young generation once, at start) and the environment (MALLOC_ARENA_MAX,
//    read by glibc at start) need a second process: the executable starts
//    itself again with them;
//  - the other V8 flags (heap growing, interrupt budget) are read by V8 each
//    time it uses them, so v8.setFlagsFromString before the app is loaded applies them.
// Pure: decides from the environment, starts nothing.

export type Launch = {
	/** Environment the app must start with (MALLOC_ARENA_MAX=1). */
	readonly env: Readonly<Record<string, string>>;
	/** Options that must be in NODE_OPTIONS when the app starts. */
	readonly nodeOptions: readonly string[];
	/** V8 flags to set at run time, before the app is loaded. */
	readonly v8Flags: readonly string[];
};

/**
 * Splits the bin's flags: `allowedInNodeOptions` is Node's own list
 * (process.allowedNodeEnvironmentFlags). The app is an ES module run by
 * vm.SourceTextModule, so that option is always needed too.
 */
export function planLaunch(flags: readonly string[], env: Readonly<Record<string, string>>, allowedInNodeOptions: ReadonlySet<string>): Launch {
	const viaOptions = flags.filter(flag => allowedInNodeOptions.has(flag.split('=')[0]!));
	return {
		env,
		nodeOptions: ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', ...viaOptions],
		v8Flags: flags.filter(flag => !viaOptions.includes(flag)),
	};
}

/** The environment to start again with, or undefined when this process already has it. */
export function restartEnv(current: Readonly<Record<string, string | undefined>>, launch: Launch): Record<string, string> | undefined {
	const options = (current['NODE_OPTIONS'] ?? '').split(/\s+/).filter(Boolean);
	const envSet = Object.entries(launch.env).every(([name, value]) => current[name] === value);
	if (envSet && launch.nodeOptions.every(option => options.includes(option))) {
		return undefined;
	}

	const next: Record<string, string> = {};
	for (const [name, value] of Object.entries(current)) {
		if (value !== undefined) {
			next[name] = value;
		}
	}

	return {...next, ...launch.env, NODE_OPTIONS: [...options.filter(option => !launch.nodeOptions.includes(option)), ...launch.nodeOptions].join(' ')};
}
