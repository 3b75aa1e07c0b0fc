# Two-socket Skylake server, 56 cores / 112 threads: the machine of the 2023 parallel-bringup
# work (tglx, "[patch 00/37] cpu/hotplug, x86: Reworked parallel CPU bringup", April 2023, and
# the v6.5 smp/core merge).
#
# Published for this machine (tglx V1, cpu_up() time with the cleanups), and nothing else used:
#   serial, all 111 APs                              785.960 ms
#   serial, the 27 primary threads of socket 0        325.764 ms   (CPUs 1-27)
#   serial, all 55 primary threads                    685.489 ms   (CPUs 1-55, incl. 20 ms TSC sync)
#   serial, the 56 secondary threads after them       100.471 ms   (CPUs 56-111)
#   parallel                                           84.274 ms = prepare 39.108 + online 45.166
#   AP alive latency after SIPI      350 us .. 3.5 ms (vendor, BIOS, microcode size)
#   microcode load, primary threads  up to ~8 ms
#   measured per-CPU costs           threads:prepare 98 us, trace/RB:prepare 135 us,
#                                    workqueue:prepare 43 us, smpcfd:prepare 16 us,
#                                    identify_secondary_cpu 99 us (mcheck_init 73 us),
#                                    perf/x86:starting 14 us, smpboot/threads:online 13 us,
#                                    workqueue:online 17 us, mm/vmstat:online 17 us,
#                                    sched:active 30 us (3.2 ms once: the first SMT sibling
#                                    enables the sched_smt_present static key)
#   cross-socket TSC sync            20 ms (the first CPU of the second socket)
#
# The fit, in hardware terms (README, "The hardware model"). Per AP the control CPU spends
# P = 352 us in PREPARE/KICK (39.108 ms / 111) and the AP R = 198 us from its release to the
# end of its ONLINE section ((45.166 - 20 - 3.2) / 111): lines marked "fitted (P)" or
# "fitted (R)" share out what those leave over the published per-state costs. The rest of
# a serial bringup is the AP starting on its own, which has three parts:
#   every thread            ap.alive_us       INIT/SIPI, trampoline, early startup
#   once per core           ap.core_start_us  the first thread wakes its powered-down core
#   once per core, ever     ap.microcode_us   the update; a sibling finds its core up to date
# A secondary brought up after its primary pays only the first:
#   alive = (100.471 - 3.2 - 56 (P + R)) / 56                          = 1.19 ms
# a primary pays all three (the 20 ms TSC sync once, for CPU 28):
#   alive + core_start + microcode = (685.489 - 20 - 55 (P + R)) / 55  = 11.55 ms
# The figures cannot tell core_start from microcode (both run before "alive", in parallel
# for every primary): microcode is taken at tglx's ~8 ms, core_start is the remaining
# 2.35 ms, and a primary reports alive 3.54 ms after its SIPI (the top of the published
# range) against 1.19 ms for a sibling. CPUs 1-27 were not fitted: the model predicts them.
# Once per package: the TSC sync. Growing with the CPUs online: the text-poke sync rounds of
# the static key (an IPI to every online CPU, each woken from idle), and on teardown the
# stop-machine and RCU (see the teardown lines). Nothing in bringup was fitted to grow with
# the CPUs online: the 27 socket-0 primaries cost 12.07 ms each and the 28 socket-1 ones
# 12.13 ms (TSC sync aside), so any such term is at most ~2.5 us per online CPU, and if it
# sat after "alive" it would add up to 15 ms to the parallel online phase, which its 45.166 ms
# does not leave room for.

name = skl-2s-112t
description = 2-socket Skylake-SP server, 2 x 28 cores x 2 threads (the 2023 seed's machine)
calibration = tglx V1 (Apr 2023): serial 785.960 ms (CPUs 1-55 685.489 ms, 56-111 after them 100.471 ms; CPUs 1-27 325.764 ms predicted, not fitted), parallel 84.274 ms (prepare 39.108 + online 45.166), per-state costs as listed in this file
topology = 2x28x2
published.source = tglx, "[patch 00/37] cpu/hotplug, x86: Reworked parallel CPU bringup", LKML, 2023-04-14
published.serial_ms = 785.960
published.parallel_ms = 84.274
published.parallel_prepare_ms = 39.108
published.parallel_online_ms = 45.166
published.serial_cpus_1-27_ms = 325.764
published.serial_cpus_1-55_ms = 685.489
published.serial_cpus_56-111_after_1-55_ms = 100.471
cpu.vendor_id = GenuineIntel
cpu.model_name = Intel(R) Xeon(R) Platinum 8180 CPU @ 2.50GHz
cpu.family = 6
cpu.model = 85
cpu.stepping = 4
cpu.mhz = 2500.000
cpu.cache_size = 39424 KB
cpu.bogomips = 5000.00
cpu.flags = fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb cat_l3 cdp_l3 pti intel_ppin ssbd mba ibrs ibpb stibp tpr_shadow flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm cqm mpx rdt_a avx512f avx512dq rdseed adx smap clflushopt clwb intel_pt avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local dtherm ida arat pln pts hwp hwp_act_window hwp_epp hwp_pkg_req pku ospke md_clear flush_l1d arch_capabilities

# ---- the AP on its own: INIT/SIPI to "alive" (see the fit above)
# fitted: 1.19 ms mean, +-20%
ap.alive_us = uniform(950, 1420)
# fitted: the first thread of a core reports alive 2.35 ms later than a sibling
ap.core_start_us = uniform(2145, 2545)
# published: "up to ~8 ms" (tglx), once per core; the sibling only compares revisions
ap.microcode_us = normal(8000, 100)
ap.microcode_sibling_us = 0
ap.starting_us = 113
ap.tsc_sync = first-of-socket
ap.tsc_sync_us = 20000

# ---- interrupts: wake-up of an idle CPU (C1 exit) to run a cross-CPU call
ipi.wakeup_us = uniform(1, 3)
# text_poke_bp() for the sched_smt_present static key: 3.2 ms less sched:active's own 30 us
cost.static_key_patch_us = 3140

# ---- PREPARE, on the control CPU (published)
state.threads:prepare = 98
state.trace/RB:prepare = 135
state.workqueue:prepare = 43
state.smpcfd:prepare = 16 / 5
# ---- PREPARE (fitted (P): 352 us per AP in all, with the published ones above)
state.random:prepare = 3
state.hrtimers:prepare = 3
state.relay:prepare = 2
state.RCU/tree:prepare = 12 / 8
state.base/topology:prepare = 18 / 10
state.timers:prepare = 3 / 6
state.tmigr:prepare = 3
state.mm/page_alloc:pcp = 5 / 20
state.block/zram:prepare = 2
state.perf/x86/amd/uncore:prepare = 1
state.kvmclock:setup_percpu = 1
state.cpu:kick_ap = 7.3

# ---- STARTING/DYING on the AP, interrupts off (fitted (R))
state.sched:starting = 2 / 15
state.x86/cachectrl:starting = 1 / 1
state.hrtimers:dying = 1 / 5
state.RCU/tree:dying = 0 / 3
state.smpcfd:dying = 0 / 3
state.tick:dying = 0 / 3

# ---- ONLINE on the AP's hotplug thread (published)
state.smpboot/threads:online = 13 / 10
state.workqueue:online = 17 / 60
state.mm/vmstat:online = 17 / 10
state.sched:active = 30 / 200
# ---- ONLINE (fitted (R): 198 us per AP from release to online, with ap.starting_us)
state.perf:online = 1 / 5
state.RCU/tree:online = 1 / 5
state.base/cacheinfo:online = 1 / 2
state.x86/cpuid:online = 1.35 / 2

# ---- teardown (guesses: nothing of this machine's teardown is published)
# synchronize_rcu() in sched_cpu_deactivate(): a few ticks at HZ=1000, plus the force-
# quiescent-state scan of every online CPU
rcu.grace_period_us = uniform(3000, 9000)
rcu.grace_period_per_cpu_us = 2
# __cpu_die(): with the core sync the dead CPU reports itself; nothing more to wait for
cpu.die_us = 0
# stop_machine: queue and wake each online CPU's stopper
cost.stop_machine_queue_us = 1
# x86 kexec: stop_this_cpu() on each CPU after the stop IPI (local APIC off, halt)
cost.kexec_stop_cpu_us = 5
state.cpu:teardown = 0 / 40
state.sched:waitempty = 0 / 20
state.cpu:bringup = 0 / 5
state.softirq:dead = 0 / 5
state.slub:dead = 0 / 10
