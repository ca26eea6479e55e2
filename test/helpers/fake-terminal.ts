// A terminal of fixed size for rendering the real App in-process (the render
// bench, the frames the bundle test compares): Ink sees a TTY, the bytes are
// counted and, if asked, kept, and a callback says when a write came.
import {Writable} from 'node:stream';

export class FakeTerminal extends Writable {
	readonly isTTY = true;
	/** Bytes written so far. */
	bytes = 0;
	/** performance.now() of the last write. */
	lastWrite = 0;
	/** Every write, when the terminal was made to keep them. */
	readonly chunks: string[] = [];
	onFrame: (() => void) | undefined;
	readonly columns: number;
	readonly rows: number;
	readonly #keepChunks: boolean;

	constructor(columns: number, rows: number, keepChunks = false) {
		super();
		this.columns = columns;
		this.rows = rows;
		this.#keepChunks = keepChunks;
	}

	override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
		this.bytes += chunk.length;
		if (this.#keepChunks) {
			this.chunks.push(chunk.toString());
		}

		callback();
	}

	override write(chunk: unknown, ...rest: unknown[]): boolean {
		this.lastWrite = performance.now();
		const result = super.write(chunk as string, ...(rest as [BufferEncoding]));
		this.onFrame?.();
		return result;
	}
}
