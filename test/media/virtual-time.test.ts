// The pieces that make recordings deterministic: the virtual timer queue and
// the parser that takes the recorder's in-band markers out of the app's output.
import test from 'ava';
import {markerEnd, markerPrefix} from '../../scripts/media/protocol.js';
import {createMarkerParser} from '../../scripts/media/recorder.js';
import {normaliseDelay, TimerQueue} from '../../scripts/media/timer-queue.js';

function drain(queue: TimerQueue, until: number): void {
	for (let fn = queue.takeDue(until); fn; fn = queue.takeDue(until)) {
		fn();
	}

	queue.advanceTo(until);
}

test('timers run in due order, ties in creation order, each at its own time', t => {
	const queue = new TimerQueue();
	const seen: string[] = [];
	const at = (name: string) => () => seen.push(`${name}@${queue.now}`);
	queue.add(at('b'), 20, false);
	queue.add(at('a'), 10, false);
	queue.add(at('c'), 20, false);
	queue.add(at('late'), 31, false);
	drain(queue, 30);
	t.deepEqual(seen, ['a@10', 'b@20', 'c@20']);
	t.is(queue.now, 30);
	t.is(queue.size, 1);
});

test('intervals re-arm; cancel and refresh behave like Node timers', t => {
	const queue = new TimerQueue();
	const seen: number[] = [];
	const interval = queue.add(() => seen.push(queue.now), 100, true);
	const cancelled = queue.add(() => seen.push(-1), 50, false);
	queue.cancel(cancelled);
	const refreshed = queue.add(() => seen.push(-queue.now), 100, false);
	drain(queue, 60);
	queue.refresh(refreshed);
	drain(queue, 350);
	queue.cancel(interval);
	drain(queue, 1000);
	t.deepEqual(seen, [100, -160, 200, 300]);
});

test('a timer scheduled by a timer in the same instant still runs in order', t => {
	const queue = new TimerQueue();
	const seen: string[] = [];
	queue.add(() => {
		seen.push(`outer@${queue.now}`);
		queue.add(() => seen.push(`inner@${queue.now}`), 0, false);
	}, 5, false);
	drain(queue, 10);
	t.deepEqual(seen, ['outer@5', 'inner@6']);
});

test('delays are normalised as Node does', t => {
	t.is(normaliseDelay(0), 1);
	t.is(normaliseDelay(-5), 1);
	t.is(normaliseDelay(Number.NaN), 1);
	t.is(normaliseDelay(2 ** 31), 1);
	t.is(normaliseDelay(2.7), 2);
});

test('markers are taken out of the output, even when a chunk cuts one in two', t => {
	const text: string[] = [];
	const markers: string[] = [];
	const parse = createMarkerParser(chunk => text.push(chunk), body => markers.push(body));
	const stream = `ab${markerPrefix}t=250${markerEnd}cd\u001B[1mX${markerPrefix}done=3${markerEnd}\u001B]0;title\u0007`;
	for (let i = 0; i < stream.length; i += 3) {
		parse(stream.slice(i, i + 3));
	}

	t.is(text.join(''), 'abcd\u001B[1mX\u001B]0;title\u0007');
	t.deepEqual(markers, ['t=250', 'done=3']);
});
