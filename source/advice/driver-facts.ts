// hv_netvsc constants the rules reason with (netvsc-model.md §3–§7,
// safety-and-practice.md §2.1). Kept here, not imported from the model, so
// advice on a live machine never depends on the simulator.

/** VRSS_CHANNEL_MAX: the driver never offers more channels. */
export const vrssChannelMax = 64;
/** VRSS_CHANNEL_DEFAULT since 646f071d (≈ 6.12): up to 16 vCPUs the default is one channel per vCPU. */
export const vrssChannelDefault = 16;
/** The default receive buffer: 16 MiB of 1728-byte sections. */
export const defaultRxSections = 9709;
export const rxSectionBytes = 1728;
/** The default send buffer: 1 MiB of 6144-byte sections. */
export const defaultTxSections = 170;
export const txSectionBytes = 6144;
/** The send-table fix (71f21959dd55) landed in 5.5. */
export const sendTableFixVersion = [5, 5] as const;
