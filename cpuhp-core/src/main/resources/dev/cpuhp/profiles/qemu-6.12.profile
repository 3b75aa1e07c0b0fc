# The guest of the oracle (scripts/linux-guest, cpuhp oracle): Debian's Linux 6.12.117 under
# qemu-system-x86_64 -smp 8,sockets=2,cores=2,threads=2 with software emulation. QEMU numbers
# a core's threads next to each other. The timing is not the guest's (TCG emulation has none
# worth modelling): the per-state costs are the Skylake server's, enough to order the events.

name = qemu-6.12
description = QEMU guest running Linux 6.12, 2 sockets x 2 cores x 2 threads, siblings adjacent
calibration = none: the oracle compares behaviour, not time
topology = 2x2x2
topology.numbering = siblings-adjacent
states = linux-6.12
cpu.vendor_id = AuthenticAMD
cpu.model_name = QEMU TCG CPU version 2.5+
ap.alive_us = uniform(400, 900)
ap.microcode_us = 0
ap.starting_us = 113
ap.tsc_sync = none
ipi.wakeup_us = uniform(1, 3)

state.threads:prepare = 98
state.workqueue:prepare = 43
state.smpcfd:prepare = 16 / 5
state.cpu:kick_ap = 10.5
state.sched:starting = 2 / 15
state.smpboot/threads:online = 13 / 10
state.workqueue:online = 17 / 60
state.sched:active = 30 / 200
state.cpu:teardown = 0 / 40
state.sched:waitempty = 0 / 20
