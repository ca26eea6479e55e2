// The only code that sees ethtool's text. Every parser takes untrusted text and
// returns typed values or an OpError; none throws. Implementations live in one
// module per subcommand (channels.ts, rings.ts, …) and are re-exported here.
//
//   parseChannels(stdout): Result<Channels>            ethtool -l
//   parseStats(stdout): Result<Stat[]>                 ethtool -S
//   errorFromEthtool(stderr, exitCode, stdout?): OpError
//   failureFromEthtool(stderr, exitCode, stdout?): OpError | undefined  (undefined = success)
//   argv.{channels, rings, stats, features, rss, driverInfo, link}(dev): string[]
//   argv.setChannels(dev, request), argv.setRings(dev, request): string[]
//   isValidDeviceName(name): boolean
export {argv} from './argv.js';
export {isValidDeviceName} from './device-name.js';
export {errorFromEthtool, failureFromEthtool, noChangeCode} from './errors.js';
export {parseChannels} from './channels.js';
export {parseStats} from './stats.js';
