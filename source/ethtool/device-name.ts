// Which interface names may be handed to ethtool. Mirrors the kernel's
// dev_valid_name() (IFNAMSIZ 16 incl. NUL, no '/', ':' or isspace() byte, not
// '.' or '..') and adds what keeps argv unambiguous for ethtool: no leading
// '-' (it would be read as an option), not the netlink wildcard '*', and no
// control characters or lone surrogates (they cannot round-trip as bytes).
const maxBytes = 15;

// The kernel's isspace() on a byte: TAB, LF, VT, FF, CR, space, and Latin-1 NBSP.
const kernelSpace = new Set([0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0]);

export function isValidDeviceName(name: string): boolean {
	if (typeof name !== 'string' || name === '' || name === '.' || name === '..' || name === '*') {
		return false;
	}

	if (name.startsWith('-') || /[\p{Cc}\p{Surrogate}]/u.test(name)) {
		return false;
	}

	const bytes = Buffer.from(name, 'utf8');
	if (bytes.length > maxBytes) {
		return false;
	}

	for (const byte of bytes) {
		if (byte === 0x2F || byte === 0x3A || kernelSpace.has(byte)) {
			return false;
		}
	}

	// Unicode white space is rejected too: JS \s covers more than the kernel's bytes.
	return !/\s/u.test(name);
}
