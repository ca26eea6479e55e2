// The Toeplitz hash the Hyper-V host uses to spread received packets over the
// sub-channels (standard NDIS RSS). Input order is the NDIS one: source address,
// destination address, then source port and destination port.

/** netvsc's default key (`rndis_filter.c:netvsc_hash_key`), the Microsoft sample key. */
export const defaultRssKey: readonly number[] = [
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
];

export const rssKeyLength = 40;

/** The 32 key bits starting at bit `offset` (big-endian bit order); bits past the key are 0. */
function keyWindow(key: ArrayLike<number>, offset: number): number {
	let window = 0;
	for (let bit = 0; bit < 32; bit++) {
		const position = offset + bit;
		const byte = key[position >> 3] ?? 0;
		const value = (byte >> (7 - (position & 7))) & 1;
		window = (window << 1) | value;
	}

	return window >>> 0;
}

/** Reference implementation: for every set input bit, XOR in the key window at that bit. */
export function toeplitzHash(key: ArrayLike<number>, input: ArrayLike<number>): number {
	let hash = 0;
	for (let i = 0; i < input.length; i++) {
		const byte = input[i] ?? 0;
		for (let bit = 0; bit < 8; bit++) {
			if ((byte >> (7 - bit)) & 1) {
				hash ^= keyWindow(key, (i * 8) + bit);
			}
		}
	}

	return hash >>> 0;
}

/**
 * A hasher with one 256-entry table per input byte position, so hashing an
 * IPv4 4-tuple costs 12 lookups. Built once per key.
 */
export type ToeplitzHasher = {
	hash(input: ArrayLike<number>): number;
	/** IPv4 2-tuple (addresses as unsigned 32-bit numbers). */
	ipv4(source: number, destination: number): number;
	/** IPv4 4-tuple. */
	ipv4Ports(source: number, destination: number, sourcePort: number, destinationPort: number): number;
};

export function createToeplitzHasher(key: ArrayLike<number>, maxInputBytes = 36): ToeplitzHasher {
	const tables = new Uint32Array(maxInputBytes * 256);
	for (let position = 0; position < maxInputBytes; position++) {
		const windows: number[] = [];
		for (let bit = 0; bit < 8; bit++) {
			windows.push(keyWindow(key, (position * 8) + bit));
		}

		for (let value = 0; value < 256; value++) {
			let h = 0;
			for (let bit = 0; bit < 8; bit++) {
				if ((value >> (7 - bit)) & 1) {
					h ^= windows[bit]!;
				}
			}

			tables[(position * 256) + value] = h >>> 0;
		}
	}

	const at = (position: number, value: number): number => tables[(position << 8) | (value & 0xff)]!;
	const word = (position: number, value: number): number =>
		at(position, value >>> 24) ^ at(position + 1, value >>> 16) ^ at(position + 2, value >>> 8) ^ at(position + 3, value);

	return {
		hash(input) {
			let h = 0;
			for (let i = 0; i < input.length && i < maxInputBytes; i++) {
				h ^= at(i, input[i] ?? 0);
			}

			return h >>> 0;
		},
		ipv4: (source, destination) => (word(0, source) ^ word(4, destination)) >>> 0,
		ipv4Ports: (source, destination, sourcePort, destinationPort) =>
			(word(0, source) ^ word(4, destination) ^ at(8, sourcePort >>> 8) ^ at(9, sourcePort)
				^ at(10, destinationPort >>> 8) ^ at(11, destinationPort)) >>> 0,
	};
}

/** "66.9.149.187" → 0x420995bb. Returns undefined for anything that is not a dotted quad. */
export function parseIpv4(text: string): number | undefined {
	const parts = text.split('.');
	if (parts.length !== 4) {
		return undefined;
	}

	let value = 0;
	for (const part of parts) {
		if (!/^\d{1,3}$/.test(part) || Number(part) > 255) {
			return undefined;
		}

		value = (value * 256) + Number(part);
	}

	return value >>> 0;
}

export function formatIpv4(value: number): string {
	return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

/** "3ffe:2501:200:3::1" → 16 bytes. Returns undefined when malformed. */
export function parseIpv6(text: string): Uint8Array | undefined {
	const halves = text.split('::');
	if (halves.length > 2) {
		return undefined;
	}

	const groups = (part: string | undefined): number[] | undefined => {
		if (part === undefined || part === '') {
			return [];
		}

		const values: number[] = [];
		for (const group of part.split(':')) {
			if (!/^[\da-f]{1,4}$/i.test(group)) {
				return undefined;
			}

			values.push(Number.parseInt(group, 16));
		}

		return values;
	};

	const head = groups(halves[0]);
	const tail = groups(halves[1]);
	if (!head || !tail) {
		return undefined;
	}

	const missing = 8 - head.length - tail.length;
	if ((halves.length === 1 && missing !== 0) || missing < 0 || (halves.length === 2 && missing < 1)) {
		return undefined;
	}

	const all = [...head, ...Array.from({length: missing}, () => 0), ...tail];
	const bytes = new Uint8Array(16);
	for (const [i, group] of all.entries()) {
		bytes[i * 2] = group >> 8;
		bytes[(i * 2) + 1] = group & 0xff;
	}

	return bytes;
}

/** The RSS input bytes of a flow: addresses, then (for a 4-tuple) the two ports, big-endian. */
export function rssInput(source: Uint8Array, destination: Uint8Array, ports?: {source: number; destination: number}): Uint8Array {
	const portBytes = ports ? [ports.source >> 8, ports.source & 0xff, ports.destination >> 8, ports.destination & 0xff] : [];
	return Uint8Array.from([...source, ...destination, ...portBytes]);
}

export function ipv4Bytes(value: number): Uint8Array {
	return Uint8Array.from([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

/** ethtool's key format: lower-case hex bytes joined by ':'. */
export function formatKey(key: ArrayLike<number>): string {
	return Array.from(key, byte => byte.toString(16).padStart(2, '0')).join(':');
}
