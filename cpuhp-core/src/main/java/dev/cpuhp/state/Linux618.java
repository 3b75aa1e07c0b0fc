package dev.cpuhp.state;

import java.util.List;

/**
 * The states a Linux 6.18 x86-64 kernel has registered once it is up: the live
 * {@code /sys/devices/system/cpu/hotplug/states} of the reference machine, with the function
 * each direction calls ({@code null}: no callback that way, so the walk skips the step).
 *
 * <p>The rows in the dynamic ranges are what that kernel allocated at boot; registrations made
 * through {@code setupState(BP_PREPARE_DYN | AP_ONLINE_DYN, ...)} take the free slots after
 * them. Subsystem states other than the core's own are modelled as single-instance states
 * whose work is their measured cost.
 */
public final class Linux618 {
    private Linux618() {
    }

    /**
     * The states whose callbacks belong to the hotplug core, the scheduler, smpboot and smp:
     * a machine with only these ("minimal") still brings CPUs up and down correctly. By name,
     * which every kernel version since 6.5 shares.
     */
    public static final java.util.Set<String> CORE = java.util.Set.of(
            "offline", "threads:prepare", "cpu:kick_ap", "cpu:bringup", "idle:dead", "ap:offline",
            "sched:starting", "smpcfd:dying", "ap:online", "cpu:teardown", "sched:waitempty",
            "smpboot/threads:online", "sched:active", "online");

    /** The built-in name of {@code state}, or null. */
    public static String name(int state) {
        return state >= 0 && state < NAMES.length ? NAMES[state] : null;
    }

    /** The row named {@code name}, if 6.18 has it. */
    public static java.util.Optional<Row> byName(String name) {
        return ROWS.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    private static Row row(int state, String name, String startup, String teardown) {
        return new Row(state, name, startup, teardown, false, Row.SINGLE);
    }

    private static Row cantStop(int state, String name, String startup, String teardown) {
        return new Row(state, name, startup, teardown, true, Row.SINGLE);
    }

    public static final List<Row> ROWS = List.of(
            row(0, "offline", null, null),
            // ---- PREPARE: control CPU; teardowns are "dead" callbacks and must not fail
            cantStop(1, "threads:prepare", "smpboot_create_threads", null),
            row(3, "perf/x86/amd/uncore:prepare", "amd_uncore_cpu_up_prepare", "amd_uncore_cpu_dead"),
            row(8, "virtio/net:dead", null, "virtnet_cpu_dead"),
            row(10, "slub:dead", null, "slub_cpu_dead"),
            row(12, "mm/writeback:dead", null, "page_writeback_cpu_online"),
            row(13, "mm/vmstat:dead", null, "vmstat_cpu_dead"),
            row(14, "softirq:dead", null, "takeover_tasklets"),
            row(19, "irq_poll:dead", null, "irq_poll_cpu_dead"),
            row(20, "block/softirq:dead", null, "blk_softirq_cpu_dead"),
            row(21, "block/bio:dead", null, "bio_cpu_dead"),
            row(22, "acpi/cpu-drv:dead", null, "acpi_soft_cpu_dead"),
            row(24, "block/mq:dead", null, "blk_mq_hctx_notify_dead"),
            row(25, "fs/buffer:dead", null, "buffer_exit_cpu_dead"),
            row(26, "printk:dead", null, "console_cpu_notify"),
            row(27, "mm/memctrl:dead", null, "memcg_hotplug_cpu_dead"),
            row(28, "lib/percpu_cnt:dead", null, "percpu_counter_cpu_dead"),
            row(29, "lib/radix:dead", null, "radix_tree_cpu_dead"),
            row(30, "mm/page_alloc:pcp", "page_alloc_cpu_online", "page_alloc_cpu_dead"),
            row(31, "net/dev:dead", null, "dev_cpu_dead"),
            row(32, "iommu/iova:dead", null, "iova_cpuhp_dead"),
            row(35, "random:prepare", "random_prepare_cpu", null),
            row(36, "workqueue:prepare", "workqueue_prepare_cpu", null),
            row(38, "hrtimers:prepare", "hrtimers_prepare_cpu", null),
            row(40, "smpcfd:prepare", "smpcfd_prepare_cpu", "smpcfd_dead_cpu"),
            row(41, "relay:prepare", "relay_prepare_cpu", null),
            row(43, "RCU/tree:prepare", "rcutree_prepare_cpu", "rcutree_dead_cpu"),
            row(51, "base/topology:prepare", "topology_add_dev", "topology_remove_dev"),
            row(54, "trace/RB:prepare", "trace_rb_cpu_prepare", null),
            row(57, "block/zram:prepare", "zcomp_cpu_up_prepare", "zcomp_cpu_dead"),
            row(58, "timers:prepare", "timers_prepare_cpu", "timers_dead_cpu"),
            row(59, "tmigr:prepare", "tmigr_cpu_prepare", null),
            // ---- BP_PREPARE_DYN (61..81): allocated at boot
            row(61, "kvmclock:setup_percpu", "kvmclock_setup_percpu", null),
            row(62, "fork:vm_stack_cache", null, "free_vm_stack_cache"),
            // ---- split startup
            row(82, "cpu:kick_ap", "cpuhp_kick_ap_alive", null),
            cantStop(83, "cpu:bringup", "cpuhp_bringup_ap", "finish_cpu"),
            // ---- STARTING/DYING: on the CPU itself, interrupts off, must not fail
            row(84, "idle:dead", null, null),
            cantStop(85, "ap:offline", null, null),
            row(86, "x86/cachectrl:starting", "cache_ap_online", "cache_ap_offline"),
            row(87, "sched:starting", "sched_cpu_starting", "sched_cpu_dying"),
            row(88, "RCU/tree:dying", null, "rcutree_dying_cpu"),
            row(103, "perf/x86/amd/uncore:starting", "amd_uncore_cpu_starting", "amd_uncore_cpu_dying"),
            row(138, "smpcfd:dying", null, "smpcfd_dying_cpu"),
            row(139, "hrtimers:dying", "hrtimers_cpu_starting", "hrtimers_cpu_dying"),
            row(140, "tick:dying", null, "tick_cpu_dying"),
            row(143, "ap:online", null, null),
            // ---- teardown of the CPU, on the control CPU
            cantStop(144, "cpu:teardown", null, "takedown_cpu"),
            // ---- ONLINE: on the CPU's hotplug thread cpuhp/N (145 AP_ONLINE_IDLE has no name)
            row(147, "kvm/cpu:online", "kvm_online_cpu", "kvm_offline_cpu"),
            row(148, "sched:waitempty", null, "sched_cpu_wait_empty"),
            row(149, "smpboot/threads:online", "smpboot_unpark_threads", "smpboot_park_threads"),
            row(150, "irq/affinity:online", "irq_affinity_online_cpu", null),
            row(151, "block/mq:online", "blk_mq_hctx_notify_online", "blk_mq_hctx_notify_offline"),
            row(154, "perf:online", "perf_event_init_cpu", "perf_event_exit_cpu"),
            row(157, "perf/x86/amd/uncore:online", "amd_uncore_cpu_online", "amd_uncore_cpu_down_prepare"),
            row(185, "tmigr:online", "tmigr_cpu_online", "tmigr_cpu_offline"),
            row(186, "lockup_detector:online", "lockup_detector_online_cpu", "lockup_detector_offline_cpu"),
            row(187, "workqueue:online", "workqueue_online_cpu", "workqueue_offline_cpu"),
            row(188, "random:online", "random_online_cpu", null),
            row(189, "RCU/tree:online", "rcutree_online_cpu", "rcutree_offline_cpu"),
            row(190, "kthreads:online", "kthreads_online_cpu", null),
            row(191, "base/cacheinfo:online", "cacheinfo_cpu_online", "cacheinfo_cpu_pre_down"),
            // ---- AP_ONLINE_DYN (192..232): allocated at boot
            row(192, "x86/kvm:online", "kvm_cpu_online", "kvm_cpu_down_prepare"),
            row(193, "mm/writeback:online", "page_writeback_cpu_online", null),
            row(194, "mm/vmstat:online", "vmstat_cpu_online", "vmstat_cpu_down_prep"),
            row(195, "padata:online", "padata_cpu_online", "padata_cpu_offline"),
            row(196, "pci/amd_bus:online", "amd_bus_cpu_online", null),
            row(197, "io-wq/online", "io_wq_cpu_online", "io_wq_cpu_offline"),
            row(198, "topology/cpu-capacity", "init_cpu_capacity_callback", null),
            row(199, "x86/cpuid:online", "cpuid_device_create", "cpuid_device_destroy"),
            row(200, "lib/percpu_cnt:online", "compute_batch_value", null),
            row(201, "acpi/cpu-drv:online", "acpi_soft_cpu_online", null),
            row(202, "virtio/net:online", "virtnet_cpu_online", "virtnet_cpu_down_prep"),
            row(203, "cpuidle/haltpoll:online", "haltpoll_cpu_online", "haltpoll_cpu_offline"),
            row(204, "printk:online", "console_cpu_notify", null),
            // ---- last: the scheduler makes the CPU active
            row(235, "sched:active", "sched_cpu_activate", "sched_cpu_deactivate"),
            row(236, "online", null, null));

    /** {@link #ROWS}' names by state number: trace writers look one up per event. */
    private static final String[] NAMES = names();

    private static String[] names() {
        String[] n = new String[ROWS.stream().mapToInt(Row::state).max().orElse(0) + 1];
        for (Row r : ROWS) {
            n[r.state()] = n[r.state()] == null ? r.name() : n[r.state()];
        }
        return n;
    }
}
