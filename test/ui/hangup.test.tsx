// Many dashboards mounted at once (as the UI tests do) share one process
// listener per signal: no MaxListeners warning, and a hang-up still reaches each.
import {render} from 'ink-testing-library';
import {Text} from 'ink';
import test from 'ava';
import {useEffect} from 'react';
import useHangup from '../../source/ui/use-hangup.js';
import {waitUntil} from '../helpers/ink.js';

function Listener(props: {readonly onHangup: () => Promise<void>; readonly onExit: () => void; readonly onReady: () => void}) {
	useHangup(props.onHangup, props.onExit);
	useEffect(props.onReady, []); // eslint-disable-line react-hooks/exhaustive-deps
	return <Text>listening</Text>;
}

test.serial('twelve mounted dashboards listen to SIGHUP and SIGTERM as one does, and a hang-up reaches all twelve', async t => {
	let ready = 0;
	let hungUp = 0;
	let exited = 0;
	const mount = () => render(<Listener
		onHangup={async () => {
			hungUp++;
		}}
		onExit={() => {
			exited++;
		}}
		onReady={() => {
			ready++;
		}}
	/>);
	const apps = [mount()];
	await waitUntil(() => ready === 1, 'the first listener to mount');
	const one = {hup: process.listenerCount('SIGHUP'), term: process.listenerCount('SIGTERM')};
	apps.push(...Array.from({length: 11}, mount));
	await waitUntil(() => ready === 12, 'every listener to mount');
	t.deepEqual({hup: process.listenerCount('SIGHUP'), term: process.listenerCount('SIGTERM')}, one, 'eleven more dashboards, no more listeners');
	process.emit('SIGHUP', 'SIGHUP');
	await waitUntil(() => exited === 12, 'every dashboard to exit');
	t.is(hungUp, 12);
	for (const app of apps) {
		app.unmount();
	}
});
