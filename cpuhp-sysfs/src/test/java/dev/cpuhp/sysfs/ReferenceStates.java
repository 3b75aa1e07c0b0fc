package dev.cpuhp.sysfs;

/**
 * {@code cat /sys/devices/system/cpu/hotplug/states} on a live Linux 6.18.44 x86-64 machine,
 * as the reference notes recorded it: the table this project mirrors.
 */
final class ReferenceStates {
    private ReferenceStates() {
    }

    static final String LIVE_6_18 = """
              0: offline
              1: threads:prepare
              3: perf/x86/amd/uncore:prepare
              8: virtio/net:dead
             10: slub:dead
             12: mm/writeback:dead
             13: mm/vmstat:dead
             14: softirq:dead
             19: irq_poll:dead
             20: block/softirq:dead
             21: block/bio:dead
             22: acpi/cpu-drv:dead
             24: block/mq:dead
             25: fs/buffer:dead
             26: printk:dead
             27: mm/memctrl:dead
             28: lib/percpu_cnt:dead
             29: lib/radix:dead
             30: mm/page_alloc:pcp
             31: net/dev:dead
             32: iommu/iova:dead
             35: random:prepare
             36: workqueue:prepare
             38: hrtimers:prepare
             40: smpcfd:prepare
             41: relay:prepare
             43: RCU/tree:prepare
             51: base/topology:prepare
             54: trace/RB:prepare
             57: block/zram:prepare
             58: timers:prepare
             59: tmigr:prepare
             61: kvmclock:setup_percpu
             62: fork:vm_stack_cache
             82: cpu:kick_ap
             83: cpu:bringup
             84: idle:dead
             85: ap:offline
             86: x86/cachectrl:starting
             87: sched:starting
             88: RCU/tree:dying
            103: perf/x86/amd/uncore:starting
            138: smpcfd:dying
            139: hrtimers:dying
            140: tick:dying
            143: ap:online
            144: cpu:teardown
            147: kvm/cpu:online
            148: sched:waitempty
            149: smpboot/threads:online
            150: irq/affinity:online
            151: block/mq:online
            154: perf:online
            157: perf/x86/amd/uncore:online
            185: tmigr:online
            186: lockup_detector:online
            187: workqueue:online
            188: random:online
            189: RCU/tree:online
            190: kthreads:online
            191: base/cacheinfo:online
            192: x86/kvm:online
            193: mm/writeback:online
            194: mm/vmstat:online
            195: padata:online
            196: pci/amd_bus:online
            197: io-wq/online
            198: topology/cpu-capacity
            199: x86/cpuid:online
            200: lib/percpu_cnt:online
            201: acpi/cpu-drv:online
            202: virtio/net:online
            203: cpuidle/haltpoll:online
            204: printk:online
            235: sched:active
            236: online
            """;
}
