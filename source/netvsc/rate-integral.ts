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

/** A per-flow coefficient: what one unit of the flow's rate integral adds at its place. */
export type Coefficient = (flow: number) => number;

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
 * step: rebuilt when the flows' places or coefficients change.
 */
export class PlaceSums {
	readonly #flows: FlowSet;
	readonly #classes: number;
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

	/** Sums each coefficient of every flow at its place (`place[flow]`, 0…places − 1). */
	rebuild(place: Int32Array, places: number, coefficients: readonly Coefficient[]): void {
		const flows = this.#flows;
		const classes = this.#classes;
		const size = coefficients.length * places;
		if (this.#mean.length !== size) {
			this.#mean = new Float64Array(size);
			this.#re = new Float64Array(size * classes);
			this.#im = new Float64Array(size * classes);
		} else {
			this.#mean.fill(0);
			this.#re.fill(0);
			this.#im.fill(0);
		}

		this.#places = places;
		this.#quantities = coefficients.length;
		for (let i = 0; i < flows.count; i++) {
			const at = place[i]!;
			const k = flows.omegaClass[i]!;
			const swing = flows.amplitude[i]! / flows.classOmega[k]!;
			const re = swing * Math.cos(flows.phase[i]!);
			const im = swing * Math.sin(flows.phase[i]!);
			for (let j = 0; j < coefficients.length; j++) {
				const c = coefficients[j]!(i);
				const slot = (j * places) + at;
				this.#mean[slot]! += c;
				this.#re[(slot * classes) + k]! += c * re;
				this.#im[(slot * classes) + k]! += c * im;
			}
		}
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
