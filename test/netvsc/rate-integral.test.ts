// The per-place sums must count exactly the packets the flows' own rate
// integrals give, one flow at a time: the sinusoids of one frequency class
// add up to one (rate-integral.ts).
import test from 'ava';
import fc from 'fast-check';
import {frequencyClasses} from '../../source/netvsc/flows.js';
import {ClassPhases, PlaceSums, product} from '../../source/netvsc/rate-integral.js';
import {flowsFor} from './vf-helpers.js';

/** One flow's ∫(1 + a·sin(ωt + φ))dt over [s0, s1], straight from the formula. */
function flowIntegral(flows: ReturnType<typeof flowsFor>, i: number, s0: number, s1: number): number {
	const w = flows.classOmega[flows.omegaClass[i]!]!;
	const phase = flows.phase[i]!;
	return (s1 - s0) + ((flows.amplitude[i]! / w) * (Math.cos((w * s0) + phase) - Math.cos((w * s1) + phase)));
}

test('property: the sums per place equal the flows\' integrals added one by one, step after step', t => {
	fc.assert(fc.property(
		fc.integer({min: 1, max: 300}), fc.integer({min: 1, max: 1000}), fc.integer({min: 1, max: 9}),
		fc.array(fc.integer({min: 1, max: 60_000}), {minLength: 1, maxLength: 5}), fc.integer({min: 0, max: 1e9}),
		(count, seed, places, steps, startMs) => {
			const flows = flowsFor(count, seed);
			const place = Int32Array.from({length: count}, (_, i) => (flows.l4Hash[i]! % places));
			const sums = new PlaceSums(flows);
			sums.reset(place, places, 2);
			sums.add(0, flows.rxBase);
			sums.add(1, product(new Float64Array(count), flows.txBase, flows.txSize));
			const phases = new ClassPhases(flows.classOmega);
			let t0 = startMs;
			for (const ms of steps) {
				const t1 = t0 + ms;
				const packets = new Float64Array(places);
				const bytes = new Float64Array(places);
				phases.step(t0 / 1000, t1 / 1000);
				sums.addTo([packets, bytes], phases, ms / 1000, 2);
				const expectedPackets = new Float64Array(places);
				const expectedBytes = new Float64Array(places);
				for (let i = 0; i < count; i++) {
					const units = flowIntegral(flows, i, t0 / 1000, t1 / 1000);
					expectedPackets[place[i]!]! += 2 * flows.rxBase[i]! * units;
					expectedBytes[place[i]!]! += 2 * flows.txBase[i]! * flows.txSize[i]! * units;
				}

				for (let p = 0; p < places; p++) {
					t.true(Math.abs(packets[p]! - expectedPackets[p]!) <= 1e-6 * (1 + expectedPackets[p]!), `place ${p}: ${packets[p]} vs ${expectedPackets[p]}`);
					t.true(Math.abs(bytes[p]! - expectedBytes[p]!) <= 1e-6 * (1 + expectedBytes[p]!), `place ${p} bytes`);
				}

				t0 = t1;
			}
		},
	), {numRuns: 60});
});

test('flows share a few periods, drawn over the profile\'s range', t => {
	const flows = flowsFor(2000, 4);
	t.is(flows.classOmega.length, frequencyClasses);
	const periods = [...flows.classOmega].map(w => 2 * Math.PI / w);
	t.true(Math.abs(periods[0]! - 20) < 1e-9 && Math.abs(periods.at(-1)! - 90) < 1e-9, periods.join(' '));
	const used = new Set(flows.omegaClass);
	t.is(used.size, frequencyClasses, 'every class has flows');
	t.true(flows.omegaClass.every(k => k < frequencyClasses));
});

test('a profile with one period gives one class', t => {
	const flows = flowsFor(50, 4, {periodSeconds: [30, 30]});
	t.is(flows.classOmega.length, 1);
	t.true(flows.omegaClass.every(k => k === 0));
});
