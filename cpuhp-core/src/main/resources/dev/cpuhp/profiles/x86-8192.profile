# A synthetic machine at Linux's limit: NR_CPUS = 8192 (x86-64 MAXSMP), as 32 sockets x 128
# cores x 2 threads. Nothing like it is published; it exists to show how each bringup
# strategy scales. Per-state costs are the Skylake ones; the TSC is assumed reliable across
# sockets (no sync test), or 31 cross-socket syncs would dominate everything else.

name = x86-8192
description = synthetic 8192-CPU x86-64 machine (NR_CPUS), 32 x 128 cores x 2 threads
calibration = none: per-state costs of skl-2s-112t
topology = 32x128x2
cpu.vendor_id = GenuineIntel
cpu.model_name = Synthetic x86-64 CPU
cpu.family = 6
cpu.model = 143
cpu.stepping = 8
cpu.mhz = 2000.000
cpu.cache_size = 65536 KB
cpu.bogomips = 4000.00
cpu.flags = fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx pdpe1gb rdtscp lm constant_tsc nonstop_tsc cpuid pni ssse3 fma cx16 sse4_1 sse4_2 x2apic popcnt tsc_deadline_timer aes xsave avx avx2 avx512f

ap.alive_us = uniform(1500, 3500)
ap.microcode_us = normal(8000, 150)
ap.starting_us = 113
ap.tsc_sync = none
ipi.wakeup_us = uniform(1, 3)
cost.static_key_patch_us = 3140

state.threads:prepare = 98
state.trace/RB:prepare = 135
state.workqueue:prepare = 43
state.smpcfd:prepare = 16 / 5
state.RCU/tree:prepare = 12 / 8
state.base/topology:prepare = 18 / 10
state.mm/page_alloc:pcp = 5 / 20
state.cpu:kick_ap = 10.5
state.sched:starting = 2 / 15
state.smpboot/threads:online = 13 / 10
state.workqueue:online = 17 / 60
state.mm/vmstat:online = 17 / 10
state.sched:active = 30 / 200
