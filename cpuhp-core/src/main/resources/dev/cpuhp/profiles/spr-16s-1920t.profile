# Sixteen-socket Sapphire Rapids, 16 x 60 cores x 2 threads = 1920 CPUs: the largest machine
# parallel bringup has been reported on. No bringup figures of it are published: the per-state
# costs are the Skylake ones (skl-2s-112t), the AP startup is Sapphire Rapids-like (larger
# microcode patch), and every socket but the first runs the cross-socket TSC sync test.

name = spr-16s-1920t
description = 16-socket Sapphire Rapids, 16 x 60 cores x 2 threads (costs from skl-2s-112t; no published figures)
calibration = none of its own: per-state costs of skl-2s-112t
topology = 16x60x2
cpu.vendor_id = GenuineIntel
cpu.model_name = Intel(R) Xeon(R) Platinum 8490H
cpu.family = 6
cpu.model = 143
cpu.stepping = 8
cpu.mhz = 1900.000
cpu.cache_size = 115200 KB
cpu.bogomips = 3800.00
cpu.flags = fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf tsc_known_freq pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb cat_l3 cat_l2 cdp_l3 invpcid_single intel_ppin cdp_l2 ssbd mba ibrs ibpb stibp ibrs_enhanced tpr_shadow flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid cqm rdt_a avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb intel_pt avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local split_lock_detect avx_vnni avx512_bf16 wbnoinvd dtherm ida arat pln pts hwp hwp_act_window hwp_epp hwp_pkg_req vnmi avx512vbmi umip pku ospke waitpkg avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg tme avx512_vpopcntdq la57 rdpid bus_lock_detect cldemote movdiri movdir64b enqcmd fsrm md_clear serialize tsxldtrk pconfig arch_lbr ibt amx_bf16 avx512_fp16 amx_tile amx_int8 flush_l1d arch_capabilities

ap.alive_us = uniform(1500, 3500)
ap.microcode_us = normal(8000, 150)
ap.starting_us = 113
ap.tsc_sync = first-of-socket
ap.tsc_sync_us = 20000
ipi.wakeup_us = uniform(1, 3)
cost.static_key_patch_us = 3140

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
state.block/zram:prepare = 2
state.perf/x86/amd/uncore:prepare = 1
state.kvmclock:setup_percpu = 1
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
state.base/cacheinfo:online = 2 / 2
state.x86/cpuid:online = 2 / 2
state.cpu:teardown = 0 / 40
state.sched:waitempty = 0 / 20
