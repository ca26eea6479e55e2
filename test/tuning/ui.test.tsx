// The dialog, the banner and the hook, rendered with ink-testing-library.
import {useEffect} from 'react';
import {Box} from 'ink';
import {render} from 'ink-testing-library';
import test from 'ava';
import {waitForFrame, waitUntil} from '../helpers/ink.js';
import {virtualTime} from '../helpers/virtual-timers.js';
import ChangeBanner from '../../source/ui/change-banner.js';
import TuningDialog from '../../source/ui/tuning-dialog.js';
import useTuning, {type UseTuningOptions} from '../../source/ui/use-tuning.js';
import {openChannelsDialog, openRingsDialog, type DialogState} from '../../source/ui/dialog-state.js';
import {dialogKey} from '../../source/ui/keymap.js';
import type {ChangeView} from '../../source/tuning/types.js';
import {modelDevice, netvscChannels, netvscRings} from './helpers/model-device.js';
import {tempDir} from './helpers/setup.js';

const strip = (s: string | undefined) => (s ?? '').replaceAll(/\u001B\[[\d;]*m/g, '');
const channels = {ok: true, value: netvscChannels(4, 8)} as const;
const rings = {ok: true, value: netvscRings()} as const;

const open = (): DialogState => {
	const d = openChannelsDialog('eth0', channels, 30_000);
	if ('error' in d) {
		throw new Error(d.error);
	}

	return d;
};

test('dialog keys: step, type, backspace, bounds', t => {
	let d = open();
	t.deepEqual(d.proposed, {combined: 4});
	t.false(d.plan.ok, 'unchanged is not yet a plan');
	d = dialogKey(d, '', {rightArrow: true}, channels).state;
	t.deepEqual(d.proposed, {combined: 5});
	t.true(d.plan.ok);
	d = dialogKey(d, '+', {}, channels).state;
	d = dialogKey(d, '+', {}, channels).state;
	d = dialogKey(d, '+', {}, channels).state;
	d = dialogKey(d, '+', {}, channels).state;
	t.deepEqual(d.proposed, {combined: 8}, 'stops at the maximum');
	d = dialogKey(d, '1', {}, channels).state;
	d = dialogKey(d, '2', {}, channels).state;
	t.deepEqual(d.proposed, {combined: 12});
	t.false(d.plan.ok);
	t.regex(d.plan.ok ? '' : d.plan.problem.message, /at most 8/);
	t.is(dialogKey(d, 'y', {}, channels).action, undefined, 'an invalid value cannot be confirmed');
	d = dialogKey(d, '', {backspace: true}, channels).state;
	t.deepEqual(d.proposed, {combined: 1});
	t.is(dialogKey(d, '', {return: true}, channels).action, 'confirm');
	for (const [input, key] of [['n', {}], ['q', {}], ['', {escape: true}]] as const) {
		t.is(dialogKey(d, input, key, channels).action, 'cancel');
	}
});

test('dialog keys: rings step by powers of two and Tab moves between rx and tx', t => {
	const opened = openRingsDialog('eth0', rings, 30_000);
	if ('error' in opened) {
		t.fail(opened.error);
		return;
	}

	let d = dialogKey(opened, '', {leftArrow: true}, rings).state;
	t.deepEqual(d.proposed, {rx: 8192, tx: 170});
	d = dialogKey(d, '', {tab: true}, rings).state;
	t.is(d.field, 'tx');
	d = dialogKey(d, '', {rightArrow: true}, rings).state;
	t.deepEqual(d.proposed, {rx: 8192, tx: 256});
	t.true(d.plan.ok);
	t.deepEqual(openRingsDialog('veth0', {ok: false, error: {code: 'EOPNOTSUPP', errno: 95, message: 'Operation not supported'}}, 1000), {error: 'veth0 does not let its rings be changed: Operation not supported'});
});

test('<TuningDialog>: current → proposed, bounds, what will happen, its keys', t => {
	const d = dialogKey(open(), '', {rightArrow: true}, channels).state;
	const {lastFrame, unmount} = render(<TuningDialog dialog={d} columns={100}/>);
	const frame = strip(lastFrame());
	t.regex(frame, /Change channels of eth0/);
	t.regex(frame, /combined channels\s+4 →\s+5\s+allowed 1 … 8/);
	t.regex(frame, /detached and re-added/);
	t.regex(frame, /per-queue counters restart from zero/);
	t.regex(frame, /carrier drops briefly/);
	t.regex(frame, /reverted unless you keep it within 30 s/);
	t.regex(frame, /y\/Enter apply\s+n\/Esc\/q cancel/);
	unmount();
});

test('<TuningDialog>: a bad value shows why', t => {
	const d = dialogKey(open(), '0', {}, channels).state;
	const {lastFrame, unmount} = render(<TuningDialog dialog={d} columns={100}/>);
	t.regex(strip(lastFrame()), /channels must be at least 1/);
	unmount();
});

const view = (over: Partial<ChangeView>): ChangeView => ({
	id: 'ab12cd',
	dev: 'eth0',
	kind: 'channels',
	state: 'AWAIT_CONFIRM',
	before: {combined: 4},
	after: {combined: 8},
	readback: {combined: 8},
	deadline: 23_000,
	history: ['JOURNALED', 'ARMED', 'APPLYING', 'VERIFYING', 'AWAIT_CONFIRM'].map((state, at) => ({state: state as ChangeView['state'], at})),
	...over,
});

test('<ChangeBanner>: each state so far and the countdown', t => {
	const {lastFrame, unmount} = render(<ChangeBanner change={view({})} now={0} columns={100}/>);
	const frame = strip(lastFrame());
	t.regex(frame, /change ab12cd eth0 channels combined 4 → combined 8\n\s+journaled → guard armed → applying → reading back → waiting for keep\n/);
	t.regex(frame, /keep\? 23 s left now combined 8; per-queue counters restarted/);
	t.regex(frame, /y keep\s+n revert\s+e \+30 s/);
	unmount();
});

test('<ChangeBanner>: reverted with why and the driver’s message; revert failed loudly', t => {
	const reverted = view({state: 'REVERTED', reason: 'readback', readback: {combined: 4}, error: {code: 'EIO', errno: 5, message: 'read back combined 3, not combined 8'}});
	const {lastFrame, rerender, unmount} = render(<ChangeBanner change={reverted} now={0} columns={100}/>);
	let frame = strip(lastFrame()).replaceAll(/\s*\n\s*/g, ' ');
	t.regex(frame, /reverted: eth0 channels: reverted to combined 4 \(the read-back did not match the request\): read back combined 3, not combined 8/);
	t.is(frame.match(/the read-back did not match/g)?.length, 1, 'the reason is said once');
	rerender(<ChangeBanner change={view({state: 'REVERT_FAILED', reason: 'deadline', readback: {combined: 8}, error: {code: 'EBUSY', errno: 16, message: 'Device or resource busy'}})} now={0} columns={100} notices={['REVERT FAILED earlier on eth1 (change 99)']}/>);
	frame = strip(lastFrame());
	t.regex(frame.replaceAll(/\s*\n\s*/g, ' '), /eth0 channels: REVERT FAILED \(the deadline passed without keep\): Device or resource busy\. The device is at combined 8, it was combined 4\. Recover by hand: ethtool -L eth0 combined 4, then check with: hvtop --device eth0 --once/);
	t.is(frame.match(/REVERT FAILED(?! earlier)/g)?.length, 1, 'REVERT FAILED is said once');
	t.regex(frame, /REVERT FAILED earlier on eth1/);
	unmount();
});

function Harness(props: UseTuningOptions & {readonly onTuning?: (t: ReturnType<typeof useTuning>) => void; readonly onReady?: () => void}) {
	const tuning = useTuning(props);
	props.onTuning?.(tuning);
	// Effects run in order: once this one has run, the hook's keyboard listener is in place (the settled signal).
	useEffect(() => {
		props.onReady?.();
	}, []); // eslint-disable-line react-hooks/exhaustive-deps
	return (
		<Box flexDirection='column'>
			{tuning.dialog && <TuningDialog dialog={tuning.dialog} columns={100}/>}
			<ChangeBanner change={tuning.change} now={tuning.now} notices={tuning.notices} columns={100}/>
		</Box>
	);
}

/** The hook under test on virtual time (the keep deadline moves only on advance()), and its settled signal. */
function renderHook(props: UseTuningOptions & {readonly onTuning?: (t: ReturnType<typeof useTuning>) => void}) {
	const time = virtualTime();
	let isReady = false;
	const ui = render(<Harness {...props} controller={{...props.controller, clock: time.clock, timers: time.timers}} onReady={() => {
		isReady = true;
	}}/>);
	const ready = async () => waitUntil(() => isReady, 'the hook to listen for keys');
	const gone = async (pattern: RegExp) => waitUntil(() => !pattern.test(strip(ui.lastFrame())), `${String(pattern)} to go`);
	return {...ui, time, ready, gone};
}

test('useTuning: c opens the dialog, → then y applies, y keeps', async t => {
	const device = modelDevice();
	const {source} = device;
	const dir = await tempDir(t);
	let captures = false;
	const {lastFrame, stdin, unmount, ready} = renderHook({source, device: 'eth0', keepTimeoutMs: 20_000, controller: {stateDir: dir, verifyDelaysMs: [10], kmsg: false}, onTuning(tu) {
		captures = tu.capturesKeys;
	}});
	t.teardown(unmount);
	await ready();
	stdin.write('c');
	await waitForFrame(lastFrame, /Change channels of eth0/);
	t.true(captures, 'the dialog owns the keys');
	stdin.write('\u001B[C');
	await waitForFrame(lastFrame, /4 →\s+5/);
	t.is(device.sets.length, 0, 'nothing changes before confirming');
	stdin.write('y');
	await waitForFrame(lastFrame, /keep\? \d+ s left/);
	t.false(captures);
	t.is(device.channels().combined, 5);
	stdin.write('y');
	const frame = strip(await waitForFrame(lastFrame, /kept: /));
	t.regex(frame, /kept combined 5/);
});

test('useTuning: n, Esc and q cancel the dialog; nothing changes', async t => {
	const device = modelDevice();
	const {source} = device;
	const dir = await tempDir(t);
	const {lastFrame, stdin, unmount, ready, gone} = renderHook({source, device: 'eth0', controller: {stateDir: dir, kmsg: false}});
	t.teardown(unmount);
	await ready();
	for (const key of ['n', '\u001B', 'q']) {
		stdin.write('+');
		// eslint-disable-next-line no-await-in-loop
		await waitForFrame(lastFrame, /Change channels of eth0/);
		stdin.write(key);
		// eslint-disable-next-line no-await-in-loop
		await gone(/Change channels/);
	}

	t.is(device.sets.length, 0);
});

test('useTuning: no keep before the deadline → the banner says reverted and why', async t => {
	const device = modelDevice();
	const {source} = device;
	const dir = await tempDir(t);
	const {lastFrame, stdin, unmount, ready, time} = renderHook({source, device: 'eth0', keepTimeoutMs: 400, controller: {stateDir: dir, verifyDelaysMs: [10], revertDelaysMs: [10], kmsg: false}});
	t.teardown(unmount);
	await ready();
	stdin.write('-');
	await waitForFrame(lastFrame, /4 →\s+3/);
	stdin.write('\r');
	await waitForFrame(lastFrame, /keep\? \d+ s left/);
	time.advance(400);
	const frame = strip(await waitForFrame(lastFrame, /reverted: /, 4000));
	t.regex(frame, /reverted to combined 4 \(the deadline passed without keep\)/);
	t.is(device.channels().combined, 4);
});

test('useTuning: a driver refusal is shown with the device unchanged', async t => {
	const device = modelDevice();
	const {source} = device;
	device.fault({kind: 'attach-fails', errno: 'EIO'});
	const dir = await tempDir(t);
	const {lastFrame, stdin, unmount, ready} = renderHook({source, device: 'eth0', controller: {stateDir: dir, verifyDelaysMs: [10], kmsg: false}});
	t.teardown(unmount);
	await ready();
	stdin.write('+');
	await waitForFrame(lastFrame, /4 →\s+5/);
	stdin.write('y');
	const frame = strip(await waitForFrame(lastFrame, /refused, device unchanged/));
	const joined = frame.replaceAll(/\s*\n\s*/g, ' ');
	t.regex(joined, /the driver refused combined 5: Input\/output error/);
	t.regex(joined, /device unchanged at combined 4/);
	t.is(device.channels().combined, 4);
});

test('useTuning: Ctrl-C is not the channels key', async t => {
	const device = modelDevice();
	const {source} = device;
	const dir = await tempDir(t);
	const {lastFrame, stdin, unmount, ready} = renderHook({source, device: 'eth0', controller: {stateDir: dir, kmsg: false}});
	t.teardown(unmount);
	await ready();
	stdin.write('\u0003');
	// Keys are handled in order: once r has opened the rings dialog, Ctrl-C has been handled too.
	stdin.write('r');
	t.notRegex(strip(await waitForFrame(lastFrame, /Change rings of eth0/)), /Change channels/);
});

test('useTuning: a notice about the change in flight goes when the change ends', async t => {
	const device = modelDevice();
	const {source} = device;
	const dir = await tempDir(t);
	const {lastFrame, stdin, unmount, ready, gone} = renderHook({source, device: 'eth0', keepTimeoutMs: 20_000, controller: {stateDir: dir, verifyDelaysMs: [10], kmsg: false}});
	t.teardown(unmount);
	await ready();
	stdin.write('+');
	await waitForFrame(lastFrame, /4 →\s+5/);
	stdin.write('y');
	await waitForFrame(lastFrame, /keep\? \d+ s left/);
	stdin.write('c');
	await waitForFrame(lastFrame, /a change is already in progress on eth0/);
	stdin.write('y');
	await waitForFrame(lastFrame, /kept: /);
	await gone(/already in progress/);
	t.regex(strip(lastFrame()), /kept combined 5/);
});
