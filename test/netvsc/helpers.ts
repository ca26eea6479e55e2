// Shared setup for the netvsc model tests: the §13 baseline machine and small
// accessors that fail loudly instead of returning undefined.
import type {ExecutionContext} from 'ava';
import {createMachine, findScenario, type Machine, type MachineSpec, type NetvscDevice} from '../../source/netvsc/index.js';
import type {Result, Stat} from '../../source/types.js';

export function scenarioSpec(name: string): MachineSpec {
	const found = findScenario(name);
	if (!found.ok) {
		throw new Error(found.error.message);
	}

	return found.value.spec;
}

/** §13 baseline: 8 vCPUs / 4 cores, num_recv_que 16, eth0 8/8 without VF (plus eth1 with a VF). */
export function baseline(seed = 1, changeDurationMs?: number): Machine {
	return createMachine(scenarioSpec('balanced'), {seed, ...(changeDurationMs === undefined ? {} : {changeDurationMs})});
}

export function value<T>(result: Result<T>): T {
	if (!result.ok) {
		throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
	}

	return result.value;
}

export function device(machine: Machine, name = 'eth0'): NetvscDevice {
	return value(machine.device(name));
}

export function stats(machine: Machine, name = 'eth0'): Map<string, bigint> {
	return new Map(value(device(machine, name).stats()));
}

export function stat(machine: Machine, statName: string, name = 'eth0'): bigint {
	const found = stats(machine, name).get(statName);
	if (found === undefined) {
		throw new Error(`no stat ${statName}`);
	}

	return found;
}

export function statList(machine: Machine, name = 'eth0'): Stat[] {
	return value(device(machine, name).stats());
}

/** Assert a failure with the given errno code (and message, when given). */
export function failsWith(t: ExecutionContext, result: Result<unknown>, code: string, message?: string): void {
	t.false(result.ok, `expected ${code}`);
	if (!result.ok) {
		t.is(result.error.code, code);
		if (message !== undefined) {
			t.is(result.error.message, message);
		}
	}
}

export function queueTotals(machine: Machine, name = 'eth0'): bigint {
	let sum = 0n;
	for (const [statName, count] of statList(machine, name)) {
		if (/^(rx|tx)_queue_\d+_packets$/.test(statName)) {
			sum += count;
		}
	}

	return sum;
}
