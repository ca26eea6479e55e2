// A persist plan in words: per device, which file, which mechanism applies
// it and why, the warnings, and the diff — what `hvtop persist` prints and
// the dashboard's `p` shows before anything is written. Pure.
import {kindOf, restoreCommand} from '../tuning/kinds/index.js';
import type {PersistPlan, TargetPlan} from './device-plan.js';
import {lineDiff} from './diff.js';
import {nmLines} from './networkmanager.js';
import type {FileWrite} from './link-plan.js';

export type PlanOutcome = 'write' | 'unchanged' | 'shadowed' | 'foreign' | 'unreadable' | 'empty';

/** What the plan as a whole comes to: a shadowing or foreign file stops everything. */
export function planOutcome(plan: PersistPlan): PlanOutcome {
	// A setting that could not be read now (ethtool timed out, the VF is away) is never left out
	// silently: half a plan written would look like the whole one at the next boot.
	if (plan.problems.length > 0) {
		return 'unreadable';
	}

	const kinds = plan.targets.flatMap(target => [target.link?.kind, target.rule?.kind].filter(kind => kind !== undefined));
	for (const stop of ['foreign', 'shadowed'] as const) {
		if (kinds.includes(stop)) {
			return stop;
		}
	}

	return kinds.includes('write') ? 'write' : (kinds.length > 0 ? 'unchanged' : 'empty');
}

export const planWrites = (plan: PersistPlan): Array<{write: FileWrite; target: TargetPlan}> =>
	plan.targets.flatMap(target => [target.link, target.rule].flatMap(file => (file?.kind === 'write' ? [{write: file.write, target}] : [])));

function ruleLines(target: TargetPlan): string[] {
	const {rule} = target;
	if (!rule) {
		return [];
	}

	switch (rule.kind) {
		case 'write': {
			return [
				`  - udev runs ${rule.write.path} when ${target.settings.name} is added (at boot, at every re-add): what no .link key sets`,
				...rule.warnings.map(line => `  ! ${line}`),
				...lineDiff(rule.write.path, rule.write.before, rule.write.after).map(line => `    ${line}`),
			];
		}

		case 'unchanged': {
			return [`  already persisted: ${rule.path}`];
		}

		default: {
			return [`  ! ${rule.message}`];
		}
	}
}

function targetLines(target: TargetPlan): string[] {
	const {settings, link} = target;
	const knobs = settings.knobs.map(knob => `${knob.kind} ${knob.field} ${String(knob.value)}`).join(', ');
	const lines = [`${settings.name} (${target.facts.driver}): ${knobs}`];
	for (const {kind} of settings.unlinked) {
		lines.push(`  - ${kind}: no .link key expresses ${kindOf(kind).noun}: hvtop's udev rule sets it`);
	}

	lines.push(...ruleLines(target));
	if (target.networkManager) {
		lines.push(...nmLines(settings.name, target.networkManager.state, target.networkManager.plan));
	}

	if (!link) {
		return lines;
	}

	switch (link.kind) {
		case 'write': {
			lines.push(...link.mechanism.map(line => `  - ${line}`), ...link.warnings.map(line => `  ! ${line}`));
			lines.push(...lineDiff(link.write.path, link.write.before, link.write.after).map(line => `    ${line}`));
			break;
		}

		case 'unchanged': {
			lines.push(`  already persisted: ${link.path}`);
			break;
		}

		default: {
			lines.push(`  ! ${link.message}`);
		}
	}

	return lines;
}

export function describePlan(plan: PersistPlan): string[] {
	return [...plan.targets.flatMap(target => targetLines(target)), ...plan.problems.map(problem => `! ${problem}`), ...plan.notes.map(note => `! ${note}`)];
}

/** No udev at all: the commands an admin runs at boot (a unit, rc.local) instead. */
export function byHand(plan: PersistPlan): string[] {
	return [
		'no udev on this machine (no udevadm, no /usr/lib/udev): nothing would apply a .link file at boot. Run these at every boot and after every VF re-add instead:',
		...plan.targets.flatMap(({settings}) => [...new Set(settings.knobs.map(knob => knob.kind))].flatMap(kind => {
			const values = Object.fromEntries(settings.knobs.filter(knob => knob.kind === kind).map(knob => [knob.field, knob.value]));
			// A kind the rule sets with ethtool says its own runs (one -N per flow type); others how to restore them.
			const rule = kindOf(kind).persist?.rule;
			const runs = rule && 'ethtool' in rule ? rule.ethtool(values) : undefined;
			return runs !== undefined && typeof runs !== 'string'
				? runs.map(([option, ...rest]) => `  ethtool ${[option!, settings.name, ...rest].join(' ')}`)
				: [`  ${restoreCommand({dev: settings.name, kind, before: values})}`];
		})),
	];
}
