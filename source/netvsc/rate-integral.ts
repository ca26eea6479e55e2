// The flows' packets over a step, summed per place (a queue or a CPU) in
// closed form. A flow's rate is base × (1 + a·sin(ωt + φ)), and ω is one of a
// few shared frequencies (flows.ts), so for any per-flow coefficient c the
// flows at one place add up, per frequency class k, to one sinusoid:
//
//   Σ c·∫(1 + a·sin(ωt + φ))dt over [s0, s1]
//     = seconds·Σc + Σ_k (Δcos_k·R_k − Δsin_k·I_k)
//   with R_k = Σ c·(a/ω_k)·cos φ, I_k = Σ c·(a/ω_k)·sin φ (the flows of class k)
//   and Δcos_k = cos ω_k·s0 − cos ω_k·s1 (Δsin_k alike).
//
// So a step costs places × classes × quantities, not flows × quantities: the
// flows are walked only when their routing changes. A scrape every 15 s then
// costs the same as a dashboard tick, and neither walks 10 000 flows.
import type {FlowSet} from './flows.js';

/** Each frequency class's cosine and sine at the end of the last step, and their change over it. */
export class ClassPhases {
	readonly #omega: Float64Array;
	readonly #cos: Float64Array;
	readonly #sin: Float64Array;
	readonly deltaCos: Float64Array;
	readonly deltaSin: Float64Array;
	#lastS1 = Number.NaN;

	constructor(classOmega: Float64Array) {
		const classes = classOmega.length;
		this.#omega = classOmega;
		this.#cos = new Float64Array(classes);
		this.#sin = new Float64Array(classes);
		this.deltaCos = new Float64Array(classes);
		this.deltaSin = new Float64Array(classes);
	}

	/** Moves to [s0, s1] (seconds): a step that follows the last one reuses its end, so steps telescope exactly. */
	step(s0: number, s1: number): void {
		const omega = this.#omega;
		for (let k = 0; k < omega.length; k++) {
			const cos0 = s0 === this.#lastS1 ? this.#cos[k]! : Math.cos(omega[k]! * s0);
			const sin0 = s0 === this.#lastS1 ? this.#sin[k]! : Math.sin(omega[k]! * s0);
			const cos1 = Math.cos(omega[k]! * s1);
			const sin1 = Math.sin(omega[k]! * s1);
			this.deltaCos[k] = cos0 - cos1;
			this.deltaSin[k] = sin0 - sin1;
			this.#cos[k] = cos1;
			this.#sin[k] = sin1;
		}

		this.#lastS1 = s1;
	}
}

/**
 * Some quantities of the flows summed per place, ready to integrate over any
 * step: built again (reset, then add each) when the flows' places or
 * coefficients change.
 */
export class PlaceSums {
	readonly #flows: FlowSet;
	readonly #classes: number;
	#place: Int32Array = new Int32Array(0);
	#places = 0;
	#quantities = 0;
	/** Σc per quantity and place: [quantity × places + place]. */
	#mean = new Float64Array(0);
	/** R and I per quantity, place and class: [(quantity × places + place) × classes + class]. */
	#re = new Float64Array(0);
	#im = new Float64Array(0);

	constructor(flows: FlowSet) {
		this.#flows = flows;
		this.#classes = flows.classOmega.length;
	}

	/** Starts over: `quantities` sums per place, each flow at `place[flow]` (0…places − 1); then add() each. */
	reset(place: Int32Array, places: number, quantities: number): void {
		const size = quantities * places;
		if (this.#mean.length === size) {
			this.#mean.fill(0);
			this.#re.fill(0);
			this.#im.fill(0);
		} else {
			this.#mean = new Float64Array(size);
			this.#re = new Float64Array(size * this.#classes);
			this.#im = new Float64Array(size * this.#classes);
		}

		this.#place = place;
		this.#places = places;
		this.#quantities = quantities;
	}

	/** Sums quantity j's per-flow coefficients (what one unit of a flow's rate integral adds) at the flows' places. */
	add(j: number, coefficient: Float64Array): void {
		sumAtPlaces(this.#flows, this.#place, coefficient, j * this.#places, this.#classes, this.#mean, this.#re, this.#im);
	}

	/** Adds quantity j's integral over the step, times `scale`, to `into[j][place]`. */
	addTo(into: readonly Float64Array[], phases: ClassPhases, seconds: number, scale: number): void {
		const classes = this.#classes;
		const places = this.#places;
		const {deltaCos, deltaSin} = phases;
		for (let j = 0; j < this.#quantities; j++) {
			const out = into[j]!;
			for (let p = 0; p < places; p++) {
				const slot = (j * places) + p;
				let sum = seconds * this.#mean[slot]!;
				for (let k = 0, at = slot * classes; k < classes; k++, at++) {
					sum += (deltaCos[k]! * this.#re[at]!) - (deltaSin[k]! * this.#im[at]!);
				}

				out[p]! += sum * scale;
			}
		}
	}
}

/** One quantity's coefficients added into its places' sums (one plain loop: it runs at every routing change). */
function sumAtPlaces(
	flows: FlowSet, place: Int32Array, coefficient: Float64Array, first: number, classes: number,
	mean: Float64Array, re: Float64Array, im: Float64Array,
): void {
	const {omegaClass, swingCos, swingSin} = flows;
	for (let i = 0; i < flows.count; i++) {
		const c = coefficient[i]!;
		const slot = first + place[i]!;
		const at = (slot * classes) + omegaClass[i]!;
		mean[slot]! += c;
		re[at]! += c * swingCos[i]!;
		im[at]! += c * swingSin[i]!;
	}
}

/** out[i] = a[i] × b[i]: a coefficient from two per-flow factors (out may be a or b). */
export function product(out: Float64Array, a: Float64Array, b: Float64Array): Float64Array {
	for (let i = 0; i < out.length; i++) {
		out[i] = a[i]! * b[i]!;
	}

	return out;
}
