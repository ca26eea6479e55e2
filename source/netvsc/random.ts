// Seeded randomness. The model never calls Math.random(): every scenario is a
// pure function of its seed, so a run can be reproduced exactly.

/** A small, fast 32-bit generator (sfc32) — plenty for simulated traffic. */
export type Random = {
	/** Uniform in [0, 1). */
	next(): number;
	/** Integer in [0, n). */
	int(n: number): number;
	/** Uniform in [min, max). */
	between(min: number, max: number): number;
	uint32(): number;
	/** An independent stream derived from this one and a label. */
	fork(label: string): Random;
};

/** Finalizer of MurmurHash3: a well-mixed, stable 32-bit hash of a 32-bit value. */
export function mix32(value: number): number {
	let h = value >>> 0;
	h ^= h >>> 16;
	h = Math.imul(h, 0x85_eb_ca_6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2_b2_ae_35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** Combine values into one stable 32-bit hash (order matters). */
export function hashValues(...values: readonly number[]): number {
	let h = 0x9e_37_79_b9;
	for (const value of values) {
		h = mix32((h ^ mix32(value)) + 0x7f_4a_7c_15);
	}

	return h;
}

export function hashString(text: string): number {
	let h = 0x81_1c_9d_c5;
	for (let i = 0; i < text.length; i++) {
		h = Math.imul(h ^ text.charCodeAt(i), 0x01_00_01_93);
	}

	return mix32(h);
}

export function createRandom(seed: number): Random {
	// Seed the four words from the seed through the mixer so nearby seeds differ.
	let a = mix32(seed ^ 0x6d_2b_79_f5);
	let b = mix32(a + 0x9e_37_79_b9);
	let c = mix32(b + 0x85_eb_ca_6b);
	let d = 1;

	const uint32 = (): number => {
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return t >>> 0;
	};

	// Warm up: the first outputs of sfc32 are weakly mixed.
	for (let i = 0; i < 12; i++) {
		uint32();
	}

	const next = (): number => uint32() / 4_294_967_296;
	return {
		next,
		uint32,
		int: n => Math.floor(next() * n),
		between: (min, max) => min + (next() * (max - min)),
		fork: label => createRandom(hashValues(uint32(), hashString(label))),
	};
}
