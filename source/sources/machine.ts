// The machine a live source reads: sysfs root, procfs root and ethtool. The
// live source names it as its origin; tuning keys change state by it (scope.ts).
import path from 'node:path';

export type Machine = {
	readonly sysfsRoot: string;
	readonly procfsRoot: string;
	/** Absolute path, or the bare name `ethtool` (the usual lookup). */
	readonly ethtool: string;
};

export const realMachine: Machine = {sysfsRoot: '/sys', procfsRoot: '/proc', ethtool: 'ethtool'};

/** The machine description with paths made absolute (the guard runs in /). */
export function normalizeMachine(machine: Partial<Machine> = {}): Machine {
	const ethtool = machine.ethtool === undefined || machine.ethtool === '' ? 'ethtool' : machine.ethtool;
	return {
		sysfsRoot: path.resolve(machine.sysfsRoot ?? '/sys'),
		procfsRoot: path.resolve(machine.procfsRoot ?? '/proc'),
		ethtool: ethtool.includes('/') ? path.resolve(ethtool) : ethtool,
	};
}
