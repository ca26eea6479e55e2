// ID_PATH for Path= in .link files: none for a virtual device; else what udev's database says.
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {readFacts} from '../../source/persist/io.js';

function tree(t: {teardown: (fn: () => void) => void}, device: string): {sysfs: string; root: string} {
	const base = mkdtempSync(path.join(tmpdir(), 'hvtop-idpath-'));
	t.teardown(() => {
		rmSync(base, {recursive: true, force: true});
	});
	const sysfs = path.join(base, 'sys');
	const real = path.join(sysfs, device, 'net', 'eth9');
	mkdirSync(real, {recursive: true});
	for (const [file, value] of [['address', '00:15:5d:01:02:03'], ['addr_assign_type', '0'], ['name_assign_type', '1'], ['type', '1'], ['ifindex', '9']]) {
		writeFileSync(path.join(real, file!), `${value!}\n`);
	}

	mkdirSync(path.join(sysfs, 'class', 'net'), {recursive: true});
	symlinkSync(real, path.join(sysfs, 'class', 'net', 'eth9'));
	const root = path.join(base, 'root');
	mkdirSync(path.join(root, 'run', 'udev', 'data'), {recursive: true});
	return {sysfs, root};
}

test('a virtual device has no ID_PATH, whatever the database says', async t => {
	const {sysfs, root} = tree(t, 'devices/virtual');
	writeFileSync(path.join(root, 'run/udev/data/n9'), 'E:ID_PATH=pci-0000:00:14.0-usb-0:1\n');
	t.is((await readFacts(sysfs, 'eth9', 'veth', 'veth', root))?.path, null);
});

test('a device on a bus: ID_PATH from udev\'s database; none recorded is null; no database is unknown', async t => {
	const {sysfs, root} = tree(t, 'devices/LNXSYSTM:00/VMBUS:00/f8615163');
	t.is((await readFacts(sysfs, 'eth9', 'hv_netvsc', undefined, root))?.path, undefined, 'no database entry: unknown');
	writeFileSync(path.join(root, 'run/udev/data/n9'), 'I:123\nE:ID_NET_DRIVER=hv_netvsc\nE:ID_PATH=acpi-VMBUS:00-vmbus-f8615163\nG:systemd\n');
	t.is((await readFacts(sysfs, 'eth9', 'hv_netvsc', undefined, root))?.path, 'acpi-VMBUS:00-vmbus-f8615163');
	writeFileSync(path.join(root, 'run/udev/data/n9'), 'I:123\nE:ID_NET_DRIVER=hv_netvsc\n');
	t.is((await readFacts(sysfs, 'eth9', 'hv_netvsc', undefined, root))?.path, null);
	t.is((await readFacts(sysfs, 'eth9', 'hv_netvsc'))?.path, undefined, 'without the root: unknown');
});
