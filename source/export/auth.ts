// Basic auth against bcrypt hashes. A bcrypt check costs tens of ms by design,
// so a pair that passed is remembered (by a hash of it, never in clear) and a
// scrape every few seconds does not pay it again. bcryptjs is loaded with the
// first check: an exporter without basic auth never holds it.
import {sha256Hex} from '../lazy-crypto.js';

export type Authenticator = (header: string | undefined) => Promise<boolean>;

export function basicAuth(users: ReadonlyMap<string, string>): Authenticator {
	const passed = new Set<string>();
	return async header => {
		const match = /^basic\s+([A-Za-z\d+/=]+)$/i.exec(header ?? '');
		if (!match) {
			return false;
		}

		const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) {
			return false;
		}

		const user = decoded.slice(0, colon);
		const hash = users.get(user);
		if (hash === undefined) {
			return false;
		}

		const key = sha256Hex(`${hash}\0${decoded}`);
		if (passed.has(key)) {
			return true;
		}

		const {default: bcrypt} = await import('bcryptjs');
		const ok = await bcrypt.compare(decoded.slice(colon + 1), hash);
		if (ok) {
			passed.add(key);
		}

		return ok;
	};
}
