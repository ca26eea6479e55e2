// Exact 64-bit counters fed with fractional amounts: the simulation works in
// packets-per-step floats, the counters hold whole packets (BigInt, u64 like
// the kernel's), and the fractions carry over to the next step so nothing is
// lost or invented. Counters only ever grow.

export type Accumulator = {
	readonly values: BigUint64Array;
	add(index: number, amount: number): void;
};

export function createAccumulator(size: number): Accumulator {
	const values = new BigUint64Array(size);
	const carry = new Float64Array(size);
	return {
		values,
		add(index, amount) {
			if (!(amount > 0)) {
				return;
			}

			const total = carry[index]! + amount;
			const whole = Math.floor(total);
			carry[index] = total - whole;
			if (whole > 0) {
				values[index] = values[index]! + BigInt(whole);
			}
		},
	};
}
