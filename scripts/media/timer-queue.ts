// Virtual timers: a queue ordered by due time, then by creation, with Node's
// rules for delays (below 1 or above 2^31 − 1 ms means 1 ms).

export type Callback = () => void;

type Entry = {
	readonly id: number;
	due: number;
	seq: number;
	readonly delay: number;
	readonly repeat: boolean;
	readonly fn: Callback;
};

const maxDelay = 2 ** 31 - 1;

export const normaliseDelay = (delay: number): number => (Number.isFinite(delay) && delay >= 1 && delay <= maxDelay ? Math.trunc(delay) : 1);

export class TimerQueue {
	#now = 0;
	#nextId = 1;
	#seq = 0;
	readonly #entries = new Map<number, Entry>();

	get now(): number {
		return this.#now;
	}

	get size(): number {
		return this.#entries.size;
	}

	add(fn: Callback, delay: number, repeat: boolean): number {
		const id = this.#nextId++;
		const ms = normaliseDelay(delay);
		this.#entries.set(id, {id, due: this.#now + ms, seq: this.#seq++, delay: ms, repeat, fn});
		return id;
	}

	cancel(id: number): void {
		this.#entries.delete(id);
	}

	/** Node's timer.refresh(): same delay, counted from now. */
	refresh(id: number): void {
		const entry = this.#entries.get(id);
		if (entry) {
			entry.due = this.#now + entry.delay;
			entry.seq = this.#seq++;
		}
	}

	/**
	 * The next callback due at or before `until`, with the clock moved to its
	 * due time (an interval is re-armed first, as Node does); undefined when none.
	 */
	takeDue(until: number): Callback | undefined {
		let next: Entry | undefined;
		for (const entry of this.#entries.values()) {
			if (entry.due <= until && (!next || entry.due < next.due || (entry.due === next.due && entry.seq < next.seq))) {
				next = entry;
			}
		}

		if (!next) {
			return undefined;
		}

		this.#now = Math.max(this.#now, next.due);
		if (next.repeat) {
			next.due = this.#now + next.delay;
			next.seq = this.#seq++;
		} else {
			this.#entries.delete(next.id);
		}

		return next.fn;
	}

	advanceTo(until: number): void {
		this.#now = Math.max(this.#now, until);
	}
}
