// `hvtop --help`. Kept beside the flags it documents.
export const helpText = `
	hvtop — vRSS channels, rings and queue spread of hv_netvsc NICs (Hyper-V, Azure)

	Usage
	  $ hvtop [options]                     the dashboard (keys: ? for help, q to quit)
	  $ hvtop --once | --json [options]     print and exit (for scripts)
	  $ hvtop set channels DEV N            change the channel count safely (keep or roll back)
	  $ hvtop set rings DEV [--rx N] [--tx M]
	  $ hvtop set vf-channels DEV N         the same for the VF of DEV (vf-rings, vf-coalesce too)
	  $ hvtop rollback [DEV]                undo the last unconfirmed change
	  $ hvtop persist DEV                   make settings last (reboot, VF re-add)
	  $ hvtop persist --status [DEV]        running vs next boot, drift (--json)
	  $ hvtop export [DEV]                  serve metrics to Prometheus (see hvtop export --help)
	  $ hvtop fleet --prometheus URL        VMs and NICs from Prometheus, worst first (--once, --json)
	  $ hvtop --list-scenarios              the model's scenarios, one line each
	  $ hvtop record FILE [options]         the dashboard, recording what it reads (--record FILE)
	  $ hvtop replay FILE [options]         play a recording back (--replay FILE; --once/--json too)
	  $ hvtop report FILE [--device DEV]    one .tar.gz for a support ticket (see hvtop report --help)

	Options
	  --once                print one table per device and exit
	  --json                print JSON Lines (one object per device per snapshot) and exit
	  --count N             with --once/--json: how many snapshots (default 1)
	  --interval SECONDS    refresh interval (default 1; also the measuring window)
	  --device NAME         start on / print only this device (one on this machine is read live)
	  --view NAME           queues (default), cpus, rss, vf, counters or history: start in it, or print it
	  --model               use the netvsc model (also for set and rollback)
	  --live                read this machine (any driver with --device, e.g. a veth)
	  --scenario NAME       model scenario (default balanced)
	  --list-scenarios      print the model's scenarios and exit
	  --seed N              model random seed (default 1)
	  --kernel 6.8|6.17     model kernel: 6.8 probes 8 channels, 6.17 16 (default)
	  --fault SPEC          arm a model fault for the next change: KIND[:VALUE][@DEVICE]
	                        (refuse-subchannels, grant-fewer:N, attach-fails,
	                        attach-and-restore-fail, drain-timeout, slow:MS,
	                        fail:ERRNO, hang)
	  --sysfs-root DIR      read sysfs from DIR (captured or synthetic machines;
	                        with --procfs-root and --ethtool, also for set and rollback)
	  --procfs-root DIR     read procfs from DIR
	  --ethtool PATH        the ethtool program to run (default: ethtool on PATH)
	  --keep-timeout SEC    seconds to confirm a change before it is rolled back (1–600, default 30)
	  --ascii               ASCII bars only (terminals without UTF-8)
	  --demo                for recordings: model only, exact one-interval ticks, host "demo-vm"
	  --record FILE         also write what is read to FILE (gzip JSON lines; a new file)
	  --replay FILE         read a recording instead of this machine or the model
	  --help, --version     this text; the version

	A device named (--device, set, rollback) that exists here is read live, whatever its
	driver; the model only with --model, or when nothing is named and there is no
	hv_netvsc device (the header says MODEL).
	Colour is off with NO_COLOR or when output is not a terminal.
	Exit status: 0 ok, 1 a device could not be read, 2 bad usage or an unknown device.
`;
