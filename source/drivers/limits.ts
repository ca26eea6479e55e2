// Bounds on numbers hvtop reads out of untrusted text (driver strings,
// procfs): an index beyond them is not a queue or a CPU, and is left unparsed.
// Queues: below 4096, the kernel's limit on a device's queues (rtnetlink
// refuses more; hv_netvsc and MANA have at most 64). CPUs: below 8192, the
// largest NR_CPUS Linux builds with.

export const maxQueues = 4096;
export const maxCpus = 8192;
