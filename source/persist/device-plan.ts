// `hvtop persist DEV` as data: for the device and its VF, the settings to
// keep and the .link file (or drop-in) that keeps them. Pure: the snapshot,
// the devices' facts and the files on the machine come in.
import type {DeviceSnapshot} from '../sources/source.js';
import type {ChangeKind} from '../tuning/kinds/index.js';
import type {ConfigFile} from './link-files.js';
import type {DeviceFacts} from './link-match.js';
import {planLink, type LinkPlan} from './link-plan.js';
import {kindOf} from '../tuning/kinds/index.js';
import {planRule, type RulePlan, type RuleRun} from './udev-rule.js';
import {valueWords} from './apply-words.js';
import {planNetworkManager, type NmPlan, type NmState} from './networkmanager.js';
import {linkSettings, managedLinkKeys, targetSettings, type PersistTarget, type TargetSettings} from './settings.js';

export type TargetPlan = {
	readonly settings: TargetSettings;
	readonly facts: DeviceFacts;
	/** The .link plan; undefined when no knob of this target has a .link key. */
	readonly link?: LinkPlan;
	/** The udev rule for what no .link key expresses; undefined when nothing needs one. */
	readonly rule?: RulePlan;
	/** NetworkManager manages the device: what its profile would need (shown, never written). */
	readonly networkManager?: {readonly state: NmState; readonly plan: NmPlan};
};

export type PersistInput = {
	readonly snap: DeviceSnapshot;
	/** Facts of the device and of its VF (by netdev name). */
	readonly facts: (name: string) => DeviceFacts | undefined;
	/** Every network device's facts (the device and its VF included: they are left out here). */
	readonly all: readonly DeviceFacts[];
	readonly files: readonly ConfigFile[];
	/** Only these kinds (`set --persist`, `p` on a kept change); all persistable kinds otherwise. */
	readonly only?: readonly ChangeKind[];
	readonly dropIn?: boolean;
	readonly udevVersion?: number;
	/** hvtop's udev rules on the machine, by path (/etc/udev/rules.d/85-hvtop-*). */
	readonly rules?: ReadonlyMap<string, string>;
	/** The absolute path of ethtool the rules run. */
	readonly ethtool?: string;
	/** The argv that runs this hvtop by absolute paths (node and the installed script), for `persist-apply`. */
	readonly self?: readonly string[];
	/** /etc/os-release, for the RHEL 9 caveat. */
	readonly osRelease?: string;
	/** NetworkManager's hold on each device, by name. */
	readonly nm?: ReadonlyMap<string, NmState>;
};

/** Problems stop the write (a setting not read or not placed); notes are said (a kind hvtop cannot make last). */
export type PersistPlan = {readonly targets: readonly TargetPlan[]; readonly problems: readonly string[]; readonly notes: readonly string[]};

/** The RUN lines of a target's kinds that no .link key expresses; a string says why one cannot be written. */
export function ruleRuns(settings: TargetSettings, ethtool: string, self: readonly string[] | undefined): RuleRun[] | string {
	const runs: RuleRun[] = [];
	for (const {kind, values} of settings.unlinked) {
		const rule = kindOf(kind).persist?.rule;
		if (rule && 'apply' in rule) {
			if (!self) {
				return `${kind}: hvtop's own path is not known, so no udev rule can run hvtop persist-apply`;
			}

			const kept = rule.apply(values);
			runs.push({kind, values: kept, argv: [...self, 'persist-apply', kind, '$name', ...valueWords(kept)]});
		} else if (rule) {
			const argvs = rule.ethtool(values);
			if (typeof argvs === 'string') {
				return `${kind} of ${settings.name}: ${argvs}; nothing written (leave it out with --kind)`;
			}

			runs.push(...argvs.map(([option, ...rest]) => ({kind, values, argv: [ethtool, option!, '$name', ...rest]})));
		}
	}

	return runs;
}

export function planPersist(input: PersistInput): PersistPlan {
	const targets: TargetPlan[] = [];
	const problems: string[] = [];
	const notes: string[] = [];
	for (const target of ['device', 'vf'] as PersistTarget[]) {
		const settings = targetSettings(input.snap, target, input.only);
		if (!settings) {
			if (target === 'vf' && input.snap.vf && input.only?.some(kind => kind.startsWith('vf-'))) {
				problems.push(`${input.snap.name}'s VF ${input.snap.vf} cannot be read now (away for host servicing?): its settings were not persisted`);
			}

			continue;
		}

		problems.push(...settings.skipped);
		notes.push(...settings.unpersistable.map(({kind, why}) => `${kind} of ${settings.name}: not persisted: ${why}`));
		if (settings.knobs.length === 0) {
			continue;
		}

		const facts = input.facts(settings.name);
		if (!facts) {
			problems.push(`cannot read ${settings.name}'s address from sysfs: its settings were not persisted`);
			continue;
		}

		const link = linkSettings(settings);
		const runs = ruleRuns(settings, input.ethtool ?? '/usr/sbin/ethtool', input.self);
		if (typeof runs === 'string') {
			problems.push(runs);
			continue;
		}

		const nmState = input.nm?.get(settings.name);
		const nmPlan = nmState?.managed ? planNetworkManager(settings.knobs, nmState.uuid) : undefined;
		targets.push({
			...(nmState && nmPlan ? {networkManager: {state: nmState, plan: nmPlan}} : {}),
			...(runs.length > 0 ? {rule: planRule(facts, runs, input.rules ?? new Map(), input.osRelease)} : {}),
			settings,
			facts,
			...(link.length > 0
				? {link: planLink({
					facts,
					others: input.all.filter(other => other.name !== facts.name),
					settings: link,
					managedKeys: managedLinkKeys(),
					files: input.files,
					...(input.dropIn ? {dropIn: true} : {}),
					...(input.udevVersion === undefined ? {} : {udevVersion: input.udevVersion}),
				})}
				: {}),
		});
	}

	return {targets, problems, notes};
}
