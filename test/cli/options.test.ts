import test from 'ava';
import {parseOptions} from '../../source/options.js';

const expectError = (flags: Parameters<typeof parseOptions>[0], pattern: RegExp) => (t: import('ava').ExecutionContext) => {
	const result = parseOptions(flags);
	t.false(result.ok);
	if (!result.ok) {
		t.regex(result.error.message, pattern);
	}
};

test('defaults: dashboard, 1 s, model scenario balanced, seed 1, auto source', t => {
	const result = parseOptions({});
	t.true(result.ok);
	if (result.ok) {
		t.like(result.value, {mode: 'dashboard', intervalMs: 1000, scenario: 'balanced', seed: 1, source: 'auto', keepTimeoutSeconds: 30});
	}
});

test('--json wins over --once; interval in seconds', t => {
	const result = parseOptions({json: true, once: true, interval: '0.5', count: '3'});
	t.true(result.ok);
	if (result.ok) {
		t.like(result.value, {mode: 'json', intervalMs: 500, count: 3});
	}
});

test('non-numbers are refused with the flag named', expectError({once: true, count: 'abc'}, /--count takes a whole number, not 'abc'/));
test('fractions are refused where whole numbers are needed', expectError({once: true, count: '1.5'}, /--count takes a whole number/));
test('a zero interval is refused', expectError({interval: '0'}, /--interval must be between 0.1 and 3600/));
test('an empty interval is refused', expectError({interval: ''}, /--interval takes a number/));
test('a negative seed is refused', expectError({seed: '-1'}, /--seed must be between 0/));
test('--model with --live is refused', expectError({model: true, live: true}, /exclude each other/));
test('--count without --json or --once is refused', expectError({count: '2'}, /--count goes with --json/));
test('an empty device name is refused', expectError({device: '  '}, /--device needs a device name/));
test('keep timeout has bounds', expectError({keepTimeout: '0'}, /--keep-timeout must be between 1 and 600/));
test('keep timeout: the same upper bound as hvtop set', expectError({keepTimeout: '601'}, /--keep-timeout must be between 1 and 600/));
