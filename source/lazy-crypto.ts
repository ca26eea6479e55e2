// node:crypto, loaded at its first use. Loading it costs ~1.2 MB resident
// (an http server measured with and without it), and the exporter, the
// model and a dashboard that changes nothing never hash or draw an id.
import {createRequire} from 'node:module';

type Crypto = typeof import('node:crypto');

let loaded: Crypto | undefined;

const crypto = (): Crypto => {
	loaded ??= createRequire(import.meta.url)('node:crypto') as Crypto;
	return loaded;
};

/** The SHA-256 of the text (UTF-8), in hex. */
export const sha256Hex = (text: string): string => crypto().createHash('sha256').update(text).digest('hex');

/** `bytes` random bytes, in hex. */
export const randomHex = (bytes: number): string => crypto().randomBytes(bytes).toString('hex');
