# A 4-thread laptop: 1 socket x 2 cores x 2 threads. No bringup figures of it are published:
# the per-state costs are the Skylake server's (skl-2s-112t), the AP starts faster (a small
# BIOS, a small microcode patch), and there is no second socket to sync the TSC with.

name = laptop-4t
description = 4-CPU laptop, 1 x 2 cores x 2 threads (costs from skl-2s-112t)
calibration = none of its own: per-state costs of skl-2s-112t
topology = 1x2x2
cpu.vendor_id = GenuineIntel
cpu.model_name = Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz
cpu.family = 6
cpu.model = 142
cpu.stepping = 10
cpu.mhz = 1800.000
cpu.cache_size = 8192 KB
cpu.bogomips = 3999.93
cpu.flags = fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb invpcid_single pti ssbd ibrs ibpb stibp tpr_shadow flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid mpx rdseed adx smap clflushopt intel_pt xsaveopt xsavec xgetbv1 xsaves dtherm ida arat pln pts hwp hwp_notify hwp_act_window hwp_epp md_clear flush_l1d arch_capabilities

ap.alive_us = uniform(400, 900)
ap.microcode_us = normal(1500, 100)
ap.starting_us = 113
ap.tsc_sync = none
ipi.wakeup_us = uniform(1, 3)
cost.static_key_patch_us = 1500

state.threads:prepare = 98
state.trace/RB:prepare = 135
state.workqueue:prepare = 43
state.smpcfd:prepare = 16 / 5
state.random:prepare = 3
state.hrtimers:prepare = 3
state.relay:prepare = 2
state.RCU/tree:prepare = 12 / 8
state.base/topology:prepare = 18 / 10
state.timers:prepare = 3 / 6
state.tmigr:prepare = 3
state.mm/page_alloc:pcp = 5 / 20
state.cpu:kick_ap = 10.5
state.sched:starting = 2 / 15
state.x86/cachectrl:starting = 1 / 1
state.hrtimers:dying = 1 / 5
state.smpboot/threads:online = 13 / 10
state.workqueue:online = 17 / 60
state.mm/vmstat:online = 17 / 10
state.sched:active = 30 / 200
state.perf:online = 2 / 5
state.RCU/tree:online = 2 / 5
state.cpu:teardown = 0 / 40
state.sched:waitempty = 0 / 20
