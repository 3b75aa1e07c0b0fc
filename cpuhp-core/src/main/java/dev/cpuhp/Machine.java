package dev.cpuhp;

import dev.cpuhp.hotplug.Hotplug;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.machine.CpuMasks;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.platform.SimulatedPlatform;
import dev.cpuhp.sched.Clock;
import dev.cpuhp.sched.RealClock;
import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.VirtualClock;
import dev.cpuhp.smp.CrossCall;
import dev.cpuhp.smp.PercpuThread;
import dev.cpuhp.smp.Smpboot;
import dev.cpuhp.smp.StopMachine;
import dev.cpuhp.state.KernelTable;
import dev.cpuhp.state.StateTable;
import dev.cpuhp.trace.KernelLog;
import dev.cpuhp.trace.Tracer;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A simulated machine: its CPUs (each a thread of its own), the hotplug core, the hardware
 * model, the trace buffer and the kernel log. Built and booted with {@link #builder()}:
 *
 * <pre>{@code
 * try (Machine m = Machine.builder().profile("laptop-4t").boot()) {
 *     m.hotplug().cpuDown(3);
 * }
 * }</pre>
 * Boot brings CPU 0 up as the boot CPU and the others with {@code bringup_nonboot_cpus()},
 * unless told not to. Closing the machine stops all its threads.
 */
public final class Machine implements AutoCloseable {
    /** The boot CPU. */
    public static final int BOOT_CPU = 0;

    private final HardwareProfile profile;
    private final Scheduler scheduler;
    private final KernelLog log;
    private final Tracer tracer;
    private final CpuMasks masks;
    private final StateTable table;
    private final CrossCall smp;
    private final Hotplug hotplug;
    private final SimulatedPlatform platform;
    private final boolean stateControl;
    private volatile long bringupStartedAt;
    private volatile long bringupBlockedNanos;
    private volatile long bootDoneAt;

    private Machine(Builder b) {
        this.profile = b.profile;
        this.stateControl = b.stateControl;
        Topology topology = profile.topology();
        int n = topology.cpus();
        Clock clock = b.virtualClock ? new VirtualClock() : new RealClock(b.timeScale);
        this.log = new KernelLog(clock::nanoTime);
        this.scheduler = new Scheduler(clock, log::printk);
        log.setWhere(() -> {
            var t = scheduler.current();
            return t == null ? "CPU: 0 PID: 0 Comm: <external>" : "CPU: " + t.cpu() + " PID: " + t.pid() + " Comm: " + t.comm();
        });
        if (b.deterministicSeed != null) {
            scheduler.deterministic(b.deterministicSeed);
        }
        this.tracer = new Tracer(scheduler);
        CpuMask all = CpuMask.range(n, 0, n - 1);
        this.masks = new CpuMasks(n, all, all);
        tracer.setCpuOnline(masks::isOnline);
        this.table = new StateTable(b.kernel.layout());
        Smpboot smpboot = new Smpboot(scheduler, n);
        this.smp = new CrossCall(scheduler, tracer, masks);
        StopMachine stopMachine = new StopMachine(scheduler, smp, masks);
        this.hotplug = new Hotplug(scheduler, table, masks, topology, tracer, log, smpboot, smp, stopMachine,
                b.kernel, b.minimalTable);
        this.platform = new SimulatedPlatform(scheduler, masks, smp, profile, hotplug.apEntry(), b.seed, b.kexec);
        hotplug.setPlatform(platform);
        var unknown = profile.unknownStates(new java.util.HashSet<>(table.named().stream().map(s -> s.name()).toList()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("profile " + profile.name() + " prices states this kernel does not have: "
                    + String.join(", ", unknown));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private void boot(Builder b) {
        if (b.nosmt) {
            hotplug.smtDisableAtBoot(b.nosmtForce); // parsed from the command line, before smp_init()
        }
        hotplug.bootCpu(BOOT_CPU);
        platform.start(BOOT_CPU);
        hotplug.registerPercpuThread(new IdleKthread("ksoftirqd"));
        if (b.bootSecondaries) {
            CpuMask mask = b.bringupMask != null ? b.bringupMask.or(CpuMask.of(masks.nrCpuIds(), BOOT_CPU)) : masks.present();
            if (b.onCreated != null) {
                b.onCreated.accept(this);
            }
            log.printk("smp: Bringing up secondary CPUs ...");
            if (b.before != null) {
                runAsInit(() -> {
                    hotplug.bringupNonbootCpus(b.before.or(CpuMask.of(masks.nrCpuIds(), BOOT_CPU)), Topology.NR_CPUS,
                            b.strategy);
                    return null;
                });
                // Only the measured bringup is traced and timed.
                tracer.clear();
                smp.latencies().clear();
                hotplug.waits().reset();
            }
            runAsInit(() -> {
                var init = scheduler.self();
                long blocked = init.blockedNanos();
                bringupStartedAt = scheduler.now();
                hotplug.bringupNonbootCpus(mask, b.maxCpus, b.strategy);
                bringupBlockedNanos = init.blockedNanos() - blocked;
                return null;
            });
            int nodes = profile.topology().sockets();
            int up = masks.online().weight();
            log.printk("smp: Brought up " + nodes + " node" + (nodes == 1 ? "" : "s") + ", " + up + " CPU" + (up == 1 ? "" : "s"));
        }
        bootDoneAt = scheduler.now();
    }

    /**
     * Runs {@code action} as the kernel's init task ("swapper/0", pid 1, on the boot CPU), the
     * control task of boot-time bringup.
     */
    public <T> T runAsInit(Supplier<T> action) {
        try (var init = scheduler.attach("swapper/0", 1, BOOT_CPU)) {
            return action.get();
        }
    }

    /** Runs {@code action} as a task named {@code comm} on {@code cpu} (e.g. "bash" for a sysfs write). */
    public <T> T runAs(String comm, int cpu, Supplier<T> action) {
        try (var task = scheduler.attach(comm, cpu)) {
            return action.get();
        }
    }

    /**
     * Waits until every simulated task is blocked: APs still starting, IPIs in flight and
     * threads finishing a step have all got as far as they can. Needs the virtual clock.
     */
    public void settle() {
        runAs("settle", BOOT_CPU, () -> {
            scheduler.settle();
            return null;
        });
    }

    // ------------------------------------------------------------------ accessors

    public Hotplug hotplug() {
        return hotplug;
    }

    public CpuMasks masks() {
        return masks;
    }

    public Topology topology() {
        return profile.topology();
    }

    public HardwareProfile profile() {
        return profile;
    }

    public Tracer tracer() {
        return tracer;
    }

    public KernelLog log() {
        return log;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public StateTable states() {
        return table;
    }

    public CrossCall smp() {
        return smp;
    }

    public SimulatedPlatform platform() {
        return platform;
    }

    /** {@code CONFIG_CPU_HOTPLUG_STATE_CONTROL}: sysfs {@code target} accepts intermediate states. */
    public boolean stateControl() {
        return stateControl;
    }

    /** Simulated time at which boot finished. */
    public long bootDoneAt() {
        return bootDoneAt;
    }

    /** Simulated time the control task spent waiting (blocked) during bringup, in nanoseconds. */
    public long bringupBlockedNanos() {
        return bringupBlockedNanos;
    }

    /** Simulated time at which {@code bringup_nonboot_cpus()} started. */
    public long bringupStartedAt() {
        return bringupStartedAt;
    }

    /** Simulated time {@code bringup_nonboot_cpus()} took, in nanoseconds. */
    public long bringupNanos() {
        return bootDoneAt - bringupStartedAt;
    }

    /** {@code nr_cpu_ids}. */
    public int nrCpuIds() {
        return masks.nrCpuIds();
    }

    @Override
    public void close() {
        scheduler.shutdown();
    }

    // ------------------------------------------------------------------ building

    /** How to build and boot a machine. */
    public static final class Builder {
        private HardwareProfile profile = null;
        private boolean virtualClock = true;
        private double timeScale = 1.0;
        private long seed = 1;
        private Strategy strategy = Strategy.PARALLEL;
        private int maxCpus = Topology.NR_CPUS;
        private CpuMask bringupMask;
        private boolean bootSecondaries = true;
        private boolean stateControl = true;
        private boolean minimalTable;
        private KernelTable kernel;
        private boolean nosmt;
        private boolean nosmtForce;
        private Long deterministicSeed;
        private java.util.function.Consumer<Machine> onCreated;
        private boolean kexec;
        private CpuMask before;

        /** A built-in profile name or a profile file; default {@value HardwareProfile#DEFAULT}. */
        public Builder profile(String nameOrPath) {
            return profile(HardwareProfile.resolve(nameOrPath));
        }

        public Builder profile(HardwareProfile p) {
            this.profile = Objects.requireNonNull(p);
            return this;
        }

        /** A machine of this shape where nothing costs time. */
        public Builder ideal(int sockets, int cores, int threads) {
            return profile(HardwareProfile.ideal(new Topology(sockets, cores, threads)));
        }

        /** The virtual clock (default): simulated time moves only when nothing can run. */
        public Builder virtualClock() {
            this.virtualClock = true;
            return this;
        }

        /** The real clock; {@code scale > 1} runs in slow motion. */
        public Builder realClock(double scale) {
            this.virtualClock = false;
            this.timeScale = scale;
            return this;
        }

        /** Seed of every random draw of the hardware model. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder strategy(Strategy s) {
            this.strategy = Objects.requireNonNull(s);
            return this;
        }

        /** {@code maxcpus=}: how many CPUs boot tries, the boot CPU included. */
        public Builder maxCpus(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxcpus must be >= 0, got " + n);
            }
            this.maxCpus = n;
            return this;
        }

        /**
         * The machine boots from a kexec, not a power-on: its cores keep the microcode
         * revision the previous kernel loaded, so no core applies the update again.
         */
        public Builder kexec() {
            this.kexec = true;
            return this;
        }

        /**
         * Brings these CPUs up (with the same strategy) before the measured bringup starts, as
         * tglx measured the secondary threads with the primaries already online.
         */
        public Builder bringupBefore(CpuMask mask) {
            this.before = mask;
            return this;
        }

        /** Bring up only these CPUs at boot (the boot CPU is always up). */
        public Builder bringup(CpuMask mask) {
            this.bringupMask = mask;
            return this;
        }

        /**
         * The kernel parameter {@code nosmt} ({@code force}: {@code nosmt=force}): SMT control
         * starts off (or forced off). On x86 every secondary thread is still booted once, to
         * set CR4.MCE, and torn down again at once ({@code -ECANCELED} from
         * {@code cpu:bringup}); only the primary threads stay online.
         */
        public Builder nosmt(boolean force) {
            this.nosmt = true;
            this.nosmtForce = force;
            return this;
        }

        /** Leave the secondary CPUs offline after boot. */
        public Builder bootCpuOnly() {
            this.bootSecondaries = false;
            return this;
        }

        /**
         * Only the hotplug core's own states in the table (no other subsystems): what a
         * minimal kernel registers. Traces of such a machine are short enough to read whole.
         */
        public Builder minimalTable() {
            this.minimalTable = true;
            return this;
        }

        /**
         * Deterministic mode (virtual clock only): one simulated task runs at a time, the next
         * drawn from {@code seed}, so a run that enters the machine from one thread is a pure
         * function of its seeds. See {@link dev.cpuhp.sched.Scheduler#deterministic}.
         */
        public Builder deterministic(long seed) {
            if (!virtualClock) {
                throw new IllegalStateException("deterministic mode needs the virtual clock");
            }
            this.deterministicSeed = seed;
            return this;
        }

        /** Called with the machine once it exists, before the secondary CPUs come up. */
        public Builder onCreated(java.util.function.Consumer<Machine> hook) {
            this.onCreated = hook;
            return this;
        }

        /**
         * The kernel's state table (default: the profile's {@code states}, else Linux 6.18):
         * a built-in name or a {@code hotplug/states} listing file.
         */
        public Builder states(String nameOrPath) {
            return states(KernelTable.resolve(nameOrPath));
        }

        public Builder states(KernelTable table) {
            this.kernel = Objects.requireNonNull(table);
            return this;
        }

        public Builder stateControl(boolean on) {
            this.stateControl = on;
            return this;
        }

        public Machine boot() {
            if (profile == null) {
                profile = HardwareProfile.builtin(HardwareProfile.DEFAULT);
            }
            if (kernel == null) {
                kernel = profile.kernelTable();
            }
            Machine m = new Machine(this);
            try {
                m.boot(this);
            } catch (RuntimeException | Error e) {
                m.close();
                throw e;
            }
            return m;
        }
    }

    /** A per-CPU kthread with nothing to do, like an idle {@code ksoftirqd/N}. */
    private record IdleKthread(String base) implements PercpuThread {
        public String name(int cpu) {
            return base + "/" + cpu;
        }

        public boolean shouldRun(int cpu) {
            return false;
        }

        public void run(int cpu) {
        }
    }
}
