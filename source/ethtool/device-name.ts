// Which interface names may be handed to ethtool. The kernel (dev_valid_name)
// allows 1–15 bytes without '/', ':' or white space, except '.' and '..'.
// We are deliberately stricter: an ASCII allow-list of letters, digits and
// `_ . @ + -` (what real interface names use), so no shell metacharacter,
// quote, wildcard ('*' is netlink's "every device"), control or non-ASCII
// character can ever reach argv, and no leading '-' that ethtool would read as
// an option. A device with a more exotic name is simply not tunable here.
const allowed = /^[A-Za-z\d_.@+-]{1,15}$/;

export function isValidDeviceName(name: string): boolean {
	return typeof name === 'string'
		&& allowed.test(name)
		&& !name.startsWith('-')
		&& name !== '.'
		&& name !== '..';
}
