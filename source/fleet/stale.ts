// When a target's figures are old: its queries ask Prometheus for the old ones only.

/** Two minutes without a sample (eight 15 s scrapes): the target's figures are old. */
export const staleAfterSeconds = 120;
