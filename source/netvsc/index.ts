// The netvsc model: a pure simulation of hv_netvsc's ethtool behaviour and of
// the traffic a VM's NICs carry. No I/O, no clocks, no Math.random().
export {createMachine, defaultChangeDurationMs, Machine, type CpuLoad, type MachineOptions, type MachineSpec} from './machine.js';
export {NetvscDevice} from './device.js';
export {VfDevice, type VfServicing, type VfSettingName} from './vf/index.js';
export {
	unsupportedOperations, type DeviceSpec, type FeatureChange, type HostSpec, type ModelDriverInfo, type ModelRss,
	type UnsupportedOperation, type VfModelSpec, type VfSpec,
} from './device-spec.js';
export {faultKinds, isFault, type Fault, type FaultKind} from './faults.js';
export {
	azureHost, defaultScenario, findScenario, kernelRelease, listScenarios, modelKernelRelease, modelKernels, scenarioDescriptions, scenarioNames, type Scenario,
} from './scenarios.js';
export {createToeplitzHasher, defaultRssKey, formatKey, parseIpv4, parseIpv6, rssInput, toeplitzHash} from './toeplitz.js';
export {flowTypes, type FlowType, type RxfhRequest} from './rss.js';
export {globalStatNames, statCount, statNames, vfStatNames} from './stats.js';
export type {LinkSettings, LinkSettingsRequest, ModelLink} from './link.js';
export {errnoNumbers, type ErrnoName} from '../errors.js';
