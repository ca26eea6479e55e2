// Exact 64-bit counters fed with fractional amounts: the simulation works in
// packets-per-step floats, the counters hold whole packets (BigInt, u64 like
// the kernel's), and the fractions carry over to the next step so nothing is
// lost or invented. Counters only ever grow.

export type Accumulator = {
	readonly values: BigUint64Array;
	/** Bumped whenever any value changes: what was derived from `values` at the same version still holds. */
	readonly version: number;
	add(index: number, amount: number): void;
};

// A class, so every accumulator shares one `add` (monomorphic call sites in the datapath).
class Counters implements Accumulator {
	readonly values: BigUint64Array;
	version = 0;
	readonly #carry: Float64Array;

	constructor(size: number) {
		this.values = new BigUint64Array(size);
		this.#carry = new Float64Array(size);
	}

	add(index: number, amount: number): void {
		if (!(amount > 0)) {
			return;
		}

		const carry = this.#carry;
		const total = carry[index]! + amount;
		const whole = Math.floor(total);
		carry[index] = total - whole;
		if (whole > 0) {
			this.values[index] = this.values[index]! + BigInt(whole);
			this.version++;
		}
	}
}

export function createAccumulator(size: number): Accumulator {
	return new Counters(size);
}
