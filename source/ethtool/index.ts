// The only code that sees ethtool's text. Every parser takes untrusted text and
// returns typed values or an OpError; none throws. Implementations live in one
// module per subcommand (channels.ts, rings.ts, …) and are re-exported here.
//
//   parseChannels(stdout): Result<Channels>                      ethtool -l
//   parseRings(stdout, {driver}?): Result<Rings>                 ethtool -g (text or --json)
//   parseStats(stdout): Result<Stat[]>                           ethtool -S
//   parseFeatures(stdout): Result<Feature[]>                     ethtool -k (text or --json)
//   parseRss(stdout): Result<Rss>                                ethtool -x (text or --json)
//   parseCoalesce(stdout): Result<Coalesce>                      ethtool -c (text or --json): rx-cqe-frames/nsecs
//   parseDriverInfo(stdout): Result<DriverInfo>                  ethtool -i
//   parseRegisterDump(stdout): Result<number[]>                  ethtool -d: the bytes of a hex dump
//   parseLinkSettings(stdout): Result<Partial<Link>>             ethtool DEV (text or --json)
//   errorFromEthtool(stderr, exitCode, stdout?): OpError         what went wrong
//   failureFromEthtool(stderr, exitCode, stdout?): OpError | undefined   did it fail (undefined = success)
//   argv.{channels, rings, ringsJson, stats, features, rss, coalesce, driverInfo, registers, link}(dev), argv.version()
//   argv.setChannels(dev, request: ChannelRequest), argv.setRings(dev, request: RingRequest),
//   argv.setCoalesce(dev, request: CoalesceRequest), argv.setRxfh(dev, request: RssRequest)
//   equalTable, weightTable, spreadOf, spreadWords, parseHkey       ethtool -X's table forms and hkey (rxfh.ts)
//   parseFlowHash(stdout): Result<string>                          ethtool -n DEV rx-flow-hash TYPE: field letters
//   argv.flowHash(dev, type), argv.setFlowHash(dev, type, fields)
//   isValidDeviceName(name): boolean
//
// Conventions: malformed essential input → failWith('EPARSE') (errors.ts);
// `n/a` and the ioctl path's 0 maxima both become 0 ("absent"); counters are exact BigInt;
// Rings.unit is 'sections' only when {driver: 'hv_netvsc'} is passed, else 'descriptors'.
// Run ethtool with LC_ALL=C: errno texts are matched in English.
export {argv} from './argv.js';
export {isValidDeviceName} from './device-name.js';
export {errorFromEthtool, failureFromEthtool, noChangeCode} from './errors.js';
export {parseChannels} from './channels.js';
export {parseRings, type RingsOptions} from './rings.js';
export {parseStats} from './stats.js';
export {parseFeatures} from './features.js';
export {parseRss} from './rss.js';
export {equalTable, parseHkey, spreadOf, spreadWords, weightTable, type RxfhSpread} from './rxfh.js';
export {parseCoalesce} from './coalesce.js';
export {parseDriverInfo} from './driver-info.js';
export {parseRegisterDump} from './registers.js';
export {parseLinkSettings} from './link.js';
export {canonicalFields, flowHashChoices, flowHashLetters, hashedFlowTypes, isHashedFlowType, parseFlowHash, type HashedFlowType} from './flow-hash.js';
