// The machine's udev: where udevadm is (under the configuration root) and its
// version (`udevadm --version`, run by absolute path with an argument list and
// a timeout), and what that version has: the .link keys (link-plan.ts says
// which systemd each needs), `udevadm verify` (systemd 253) to check a rule,
// `udevadm test-builtin net_setup_link` to check a .link file.
import {execFile} from 'node:child_process';
import {constants} from 'node:fs';
import {access} from 'node:fs/promises';
import {join} from 'node:path';

const candidates = ['/usr/bin/udevadm', '/bin/udevadm', '/usr/sbin/udevadm', '/sbin/udevadm'];

/** `udevadm verify` came with systemd 253. */
export const verifySince = 253;

/** The first udevadm under the root that can be run; undefined: none. */
export async function findUdevadm(root: string): Promise<string | undefined> {
	for (const path of candidates) {
		try {
			// eslint-disable-next-line no-await-in-loop
			await access(join(root, path), constants.X_OK);
			return join(root, path);
		} catch {}
	}

	return undefined;
}

/** "252", "252.22-1~deb12u1", "systemd 249 (249.11-0ubuntu3)": the leading number; undefined for anything else. */
export function parseUdevVersion(text: string): number | undefined {
	const match = /^\s*(?:systemd\s+)?(\d{2,4})\b/.exec(text);
	return match ? Number(match[1]) : undefined;
}

/** `udevadm --version` of the udevadm under the root; undefined when there is none or it says nothing readable. */
export async function udevVersion(root: string, timeoutMs = 5000): Promise<number | undefined> {
	const udevadm = await findUdevadm(root);
	if (udevadm === undefined) {
		return undefined;
	}

	return new Promise(resolve => {
		execFile(udevadm, ['--version'], {timeout: timeoutMs, maxBuffer: 4096, encoding: 'utf8', env: {PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C'}}, (error, stdout) => {
			resolve(error ? undefined : parseUdevVersion(stdout));
		});
	});
}

/** How an admin checks what hvtop wrote, with what this udev has. */
export function checkCommands(version: number | undefined, dev: string, rulePath: string | undefined): string[] {
	const lines = [`udevadm test-builtin net_setup_link /sys/class/net/${dev}   (which .link file applies, and its keys)`];
	if (rulePath !== undefined) {
		lines.push(version !== undefined && version >= verifySince
			? `udevadm verify ${rulePath}   (the rule's syntax; systemd ${verifySince} and later)`
			: `udevadm test --action=add /sys/class/net/${dev}   (the rule matches and its RUN lines; ${version === undefined ? 'udev\'s version is unknown and' : `this udev is ${version}:`} udevadm verify came with systemd ${verifySince})`);
	}

	return lines;
}
