// The VF model: a mana or mlx5_core VF beside a netvsc device, pure like the
// rest of source/netvsc (time, flows and randomness are arguments).
export {VfDevice, type VfCoalesce, type VfServicing, type VfDeviceSpec} from './device.js';
export {
	changedFromDefaults, defaultVfSettings, maxVfChannels, setVfChannels, setVfCoalesce, setVfRings, setVfRxfh,
	type VfHost, type VfPortState, type VfSettingName, type VfSettings,
} from './settings.js';
export {applyServicing, vfAwayAt, type ServicingWindow} from './servicing.js';
export {createVfTraffic, refillWindowSeconds, type VfDemand, type VfStepInput, type VfTraffic} from './traffic.js';
