// The only code that sees ethtool's text. Every parser takes untrusted text and
// returns typed values or an OpError; none throws. Implementations live in one
// module per subcommand (channels.ts, rings.ts, …) and are re-exported here.
//
// CONTRACT (filled in by the parser work; signatures are fixed so the live
// source can be written against them):
//   parseChannels(stdout: string): Result<Channels>           // ethtool -l
//   parseRings(stdout: string): Result<Rings>                 // ethtool -g (text or --json)
//   parseStats(stdout: string): Result<Stat[]>                // ethtool -S
//   parseFeatures(stdout: string): Result<Feature[]>          // ethtool -k
//   parseRss(stdout: string): Result<Rss>                     // ethtool -x
//   parseDriverInfo(stdout: string): Result<DriverInfo>       // ethtool -i
//   parseLinkSettings(stdout: string): Result<Partial<Link>>  // ethtool DEV
//   errorFromEthtool(stderr: string, exitCode: number | null, stdout?: string): OpError
//   argv.{channels, rings, stats, features, rss, driverInfo, link}(dev): string[]
//   argv.setChannels(dev, request: ChannelRequest): string[]
//   argv.setRings(dev, request: RingRequest): string[]
//   isValidDeviceName(name: string): boolean
export {};
