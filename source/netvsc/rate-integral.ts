// Each flow's rate integrated over a step in closed form: a flow's rate is
// base × (1 + a·sin(ωt + φ)), so its packets over [s0, s1] are base × ∫ and
// the integral needs one cosine per flow per step (the start's cosine is the
// previous step's end). The netvsc engine (../traffic.ts) and the VF engine
// (vf/traffic.ts) both count packets from these units.
//
// One loop per function: at one call a second V8 compiles a long loop on the
// fly (on-stack replacement), and code after a loop that had not run yet
// deoptimised it again on every call (seen with --trace-deopt).

/** Each flow's cos(ωs0 + φ): the start of a step that does not follow the last one. */
export function startCosines(cosAtLast: Float64Array, omega: Float64Array, phase: Float64Array, s0: number, n: number): void {
	for (let i = 0; i < n; i++) {
		cosAtLast[i] = Math.cos((omega[i]! * s0) + phase[i]!);
	}
}

/** Each flow's ∫ (1 + a·sin(ωt + φ)) dt over the step into `units`; `cosAtLast` moves to the step's end. */
export function integrate(
	units: Float64Array, cosAtLast: Float64Array, omega: Float64Array, phase: Float64Array, amplitude: Float64Array,
	seconds: number, s1: number, n: number,
): void {
	for (let i = 0; i < n; i++) {
		const w = omega[i]!;
		const cos0 = cosAtLast[i]!;
		const cos1 = Math.cos((w * s1) + phase[i]!);
		cosAtLast[i] = cos1;
		units[i] = seconds + ((amplitude[i]! / w) * (cos0 - cos1));
	}
}
