// Public references advice cites: pages a user can open. Never a file that
// ships nowhere (test/advice/references.test.ts checks every user-facing text).

export const references = {
	netvscDoc: 'https://docs.kernel.org/networking/device_drivers/ethernet/microsoft/netvsc.html',
	scalingDoc: 'https://docs.kernel.org/networking/scaling.html',
	vmbusSysfs: 'https://docs.kernel.org/admin-guide/abi-stable.html',
	anHowItWorks: 'https://learn.microsoft.com/azure/virtual-network/accelerated-networking-how-it-works',
	optimizeBandwidth: 'https://learn.microsoft.com/azure/virtual-network/virtual-network-optimize-network-bandwidth',
	vrssPlan: 'https://learn.microsoft.com/windows-server/networking/technologies/vrss/vrss-plan',
	defaultChannels: 'https://github.com/microsoft/lisa/pull/4513',
	seastarIrq: 'https://github.com/scylladb/seastar/issues/3193',
	txSendFull: 'https://github.com/microsoft/azure-linux-kernel/issues/36',
	rxCompBusy: 'https://github.com/microsoft/azure-linux-kernel/issues/42',
	aksRingExhaustion: 'https://github.com/Azure/AKS/pull/5147',
	sendTableFix: 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=71f21959dd55',
	fewerSubchannels: 'https://github.com/microsoft/openvmm/issues/2430',
	manaOverview: 'https://learn.microsoft.com/azure/virtual-network/accelerated-networking-mana-overview',
	mlx5Counters: 'https://docs.kernel.org/networking/device_drivers/ethernet/mellanox/mlx5/counters.html',
	systemdLink: 'https://www.freedesktop.org/software/systemd/man/latest/systemd.link.html',
	irqbalance: 'https://github.com/Irqbalance/irqbalance/blob/master/irqbalance.1',
} as const;
