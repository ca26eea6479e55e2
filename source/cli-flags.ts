// The dashboard's flags in one place: cli.tsx parses them, and the tests hold
// --help, the README and docs/tuning.md to the same list and ranges.
export const flagSpecs = {
	once: {type: 'boolean'},
	json: {type: 'boolean'},
	count: {type: 'string'},
	interval: {type: 'string'},
	device: {type: 'string'},
	seed: {type: 'string'},
	scenario: {type: 'string'},
	kernel: {type: 'string'},
	model: {type: 'boolean'},
	live: {type: 'boolean'},
	sysfsRoot: {type: 'string'},
	procfsRoot: {type: 'string'},
	ethtool: {type: 'string'},
	keepTimeout: {type: 'string'},
	ascii: {type: 'boolean'},
	listScenarios: {type: 'boolean'},
	demo: {type: 'boolean'},
	view: {type: 'string'},
	fault: {type: 'string', isMultiple: true},
	record: {type: 'string'},
	replay: {type: 'string'},
} as const;

/** Seconds to confirm a change: the dashboard's --keep-timeout and `hvtop set --keep-timeout` alike. */
export const keepTimeoutRange = {min: 1, max: 600, default: 30} as const;
