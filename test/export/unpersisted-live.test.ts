// hvtop_change_unpersisted on a live device (the synthetic Azure guest: eth0
// with a mana VF, a temporary configuration root): a channels change kept in
// this boot is unpersisted until `hvtop persist` writes its .link file, and
// then the next boot applies it and the series is gone.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import test from 'ava';
import {manualClock} from '../../source/clock.js';
import {runPersistCommand} from '../../source/commands/persist.js';
import {createExposition} from '../../source/export/registry.js';
import {createScraper} from '../../source/export/scrape.js';
import {createLiveSource} from '../../source/sources/live/index.js';
import {bootId, openJournal} from '../../source/tuning/journal.js';
import {createSyntheticNetvsc} from '../helpers/synthetic-netvsc.js';
import {parseExposition} from './helpers.js';

test('a kept channels change is unpersisted until hvtop persist writes it', async t => {
	const machine = createSyntheticNetvsc({vcpus: 8, nics: [{name: 'eth0', channels: 4, maxChannels: 8, vf: 'enP30832s1', vfDriver: 'mana', realVf: true}]});
	const root = mkdtempSync(path.join(tmpdir(), 'hvtop-unpersisted-'));
	t.teardown(() => {
		machine.cleanup();
		rmSync(root, {recursive: true, force: true});
	});
	const sysconf = path.join(root, 'sysconf');
	mkdirSync(path.join(sysconf, 'usr/lib/systemd/network'), {recursive: true});
	mkdirSync(path.join(sysconf, 'usr/lib/udev'), {recursive: true});
	writeFileSync(path.join(sysconf, 'usr/lib/systemd/network/99-default.link'), '[Match]\nOriginalName=*\n\n[Link]\nNamePolicy=keep kernel database onboard slot path\nMACAddressPolicy=persistent\n');
	const state = path.join(root, 'state');
	mkdirSync(path.join(state, 'journal'), {recursive: true});
	writeFileSync(path.join(state, 'journal', 'eth0.jsonl'), `${JSON.stringify({v: 1, id: 'ch-1', seq: 1, state: 'KEPT', ts: '', mono_ns: '0', boot_id: bootId(), host: 'h', dev: 'eth0', source: 'live', kind: 'channels', before: {combined: 8}, after: {combined: 4}, request: {combined: 4}, max: {combined: 8}, keep_timeout_ms: 30_000})}\n`);

	// The stand-in ethtool is a Node script: on two busy cores it gets far more than a real one's 3 s.
	const open = async () => createLiveSource({sysfsRoot: machine.sysfsRoot, procfsRoot: machine.procfsRoot, ethtool: machine.ethtool, devices: ['eth0'], timeoutMs: 30_000});
	const opened = await open();
	if (!opened.ok) {
		t.fail(opened.error.message);
		return;
	}

	const source = opened.value;
	t.teardown(async () => source.close());
	const scraper = createScraper({source, clock: manualClock(0), version: 'test', rawStats: false, journal: openJournal(state), sysconfRoot: sysconf, devices: ['eth0']});
	const exposition = createExposition(async () => scraper.scrape(), {rawStats: false});
	const unpersisted = async () => parseExposition(await exposition.render('text')).samples.filter(s => s.name === 'hvtop_change_unpersisted');

	t.deepEqual(await unpersisted(), [{name: 'hvtop_change_unpersisted', labels: {device: 'eth0', id: 'ch-1', kind: 'channels'}, value: 1}]);

	const said = new PassThrough();
	let stderr = '';
	said.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const code = await runPersistCommand(['eth0', '--yes', '--kind', 'channels', '--sysfs-root', machine.sysfsRoot, '--procfs-root', machine.procfsRoot, '--ethtool', machine.ethtool, '--sysconf-root', sysconf], {stdin: new PassThrough(), stdout: new PassThrough(), stderr: said, env: {}}, {createSource: open});
	t.is(code, 0, stderr);
	t.deepEqual(await unpersisted(), [], 'the next boot applies it now');
});
