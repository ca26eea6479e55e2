// The live source's public surface (the CLI wires --live, --device,
// --sysfs-root, --procfs-root and --ethtool to these).
export {createLiveSource, type LiveSourceOptions} from './live-source.js';
export {findNetvscDevices, type DetectOptions} from './detect.js';
export {runEthtool, installHint, type EthtoolOutput, type RunOptions} from './run-ethtool.js';
