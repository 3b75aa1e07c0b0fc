# An 80-core arm64 server (Ampere Altra class: 1 socket x 80 cores, no SMT): the machine of the
# experimental arm64/RISC-V parallel kexec CPU shutdown, "around 15 seconds" down to "around one
# second" for the CPU teardown of a kexec reboot (Phoronix, "Experimental Patches Allow Much
# Faster AArch64 & RISC-V Kexec Kernel Reboots"). Those two figures are all that is published
# of it; the teardown model below is fitted to the first and predicts the second.
#
# Teardown per CPU with smp_shutdown_nonboot_cpus() (every AP in turn, a full cpu_down()):
#   cpu.die_us: __cpu_die() -> PSCI cpu_kill: the first AFFINITY_INFO query finds the core
#     still on, then msleep(10), and the next finds it off: 10 ms, on the control CPU, under
#     the hotplug lock, so serial in every strategy (kernels before 5.10 poll this way; newer
#     ones poll every 0.1-1 ms, and then this cost all but goes)
#   rcu.grace_period_us: the waits of the ONLINE teardowns, lumped as the synchronize_rcu() of
#     sched_cpu_deactivate(): fitted, the rest of 15 s / 79 CPUs. A wait, not work: waits
#     of different CPUs overlap when their teardowns run at the same time.
#   stop_machine_queue: queuing and waking each online CPU's stopper: grows with the CPUs
#     still online (guess: 1 us per CPU)
# Bringup: arm64 has no microcode load, no TSC sync and no SMT. The per-CPU time up is taken
# from another arm64 server: "250ms of per cpu's down and 30ms of up" (128 cores; Sang Yan,
# "arm64: smp: Add support for cpu park", openEuler kernel), less the per-state costs.
# Mainline arm64 has no parallel bringup yet (HOTPLUG_PARALLEL is x86, patches posted for
# others); the profile allows it so that the strategies can be compared.
# The per-state costs are the Skylake server's (skl-2s-112t), for want of arm64 figures.

name = arm64-80c
description = 80-core arm64 server, 1 x 80 cores x 1 thread (kexec teardown fitted to 15 s)
calibration = serial kexec CPU teardown ~15 s (80-core Arm server, Phoronix); ~30 ms per CPU up (openEuler cpu park)
topology = 1x80x1
published.source = Phoronix, "Experimental Patches Allow Much Faster AArch64 & RISC-V Kexec Kernel Reboots"
published.kexec_teardown_serial_ms = 15000
published.kexec_teardown_parallel_ms = 1000
cpu.vendor_id = ARM
cpu.model_name = Neoverse-N1
cpu.mhz = 3000.000
cpu.bogomips = 50.00

# ---- bringup: ~30 ms per CPU up (see above), of which the AP's own start:
ap.alive_us = uniform(26000, 32000)
ap.starting_us = 100
ap.tsc_sync = none
ipi.wakeup_us = uniform(1, 3)

# ---- teardown (see above)
cpu.die_us = 10000
rcu.grace_period_us = normal(179000, 20000)
cost.stop_machine_queue_us = 1
# x86 stops its CPUs for kexec with an IPI instead (stop_this_cpu()): a what-if here
cost.kexec_stop_cpu_us = 5

state.threads:prepare = 98
state.trace/RB:prepare = 135
state.workqueue:prepare = 43
state.smpcfd:prepare = 16 / 5
state.RCU/tree:prepare = 12 / 8
state.base/topology:prepare = 18 / 10
state.timers:prepare = 3 / 6
state.mm/page_alloc:pcp = 5 / 20
state.cpu:kick_ap = 10
state.sched:starting = 2 / 15
state.hrtimers:dying = 1 / 5
state.smpboot/threads:online = 13 / 10
state.workqueue:online = 17 / 60
state.mm/vmstat:online = 17 / 10
state.sched:active = 30 / 200
state.perf:online = 2 / 5
state.RCU/tree:online = 2 / 5
state.cpu:teardown = 0 / 40
state.sched:waitempty = 0 / 20
state.cpu:bringup = 0 / 5
state.softirq:dead = 0 / 5
state.slub:dead = 0 / 10
