// A stdin for rendering Ink outside a terminal: it claims to be a TTY so Ink
// accepts it, never yields a key, and raw mode is a no-op. Shared by the
// frame-identity test and the render bench.
import {Readable} from 'node:stream';

export class SilentKeyboard extends Readable {
	readonly isTTY = true;
	override _read(): void {
		// No keys.
	}

	setRawMode(): this {
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}
}
