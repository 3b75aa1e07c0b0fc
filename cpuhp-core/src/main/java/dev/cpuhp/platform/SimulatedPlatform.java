package dev.cpuhp.platform;

import dev.cpuhp.hotplug.ApEntry;
import dev.cpuhp.hotplug.Platform;
import dev.cpuhp.machine.CpuMasks;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.smp.CrossCall;

/**
 * The simulated x86 platform: CPUs that start on their own threads when kicked, and every
 * delay the {@link HardwareProfile} prices, imposed through the scheduler's clock.
 */
public final class SimulatedPlatform implements Platform {
    final Scheduler scheduler;
    final CpuMasks masks;
    final Topology topology;
    final CrossCall smp;
    final HardwareProfile profile;
    final Faults faults = new Faults();
    final ApEntry ap;
    private final Costs costs;
    private final SimulatedCpu[] cpus;
    final Silicon silicon;

    /**
     * @param kexec the machine starts from a kexec, not a power-on: the cores keep the
     *              microcode revision the previous kernel loaded
     */
    public SimulatedPlatform(Scheduler scheduler, CpuMasks masks, CrossCall smp, HardwareProfile profile,
                             ApEntry ap, long seed, boolean kexec) {
        this.scheduler = scheduler;
        this.masks = masks;
        this.topology = profile.topology();
        this.smp = smp;
        this.profile = profile;
        this.ap = ap;
        this.costs = new Costs(seed);
        this.cpus = new SimulatedCpu[masks.nrCpuIds()];
        for (int cpu = 0; cpu < cpus.length; cpu++) {
            cpus[cpu] = new SimulatedCpu(this, cpu);
        }
        this.silicon = new Silicon(topology, kexec);
    }

    /** Powers the CPUs on: the boot CPU idles, the others wait for their wake-up. */
    public void start(int bootCpu) {
        silicon.bootCpu(bootCpu);
        for (int cpu = 0; cpu < cpus.length; cpu++) {
            SimulatedCpu c = cpus[cpu];
            boolean running = cpu == bootCpu;
            scheduler.spawn("swapper/" + cpu, 0, cpu, () -> c.run(running));
        }
    }

    public HardwareProfile profile() {
        return profile;
    }

    /** Hardware faults to inject. */
    public Faults faults() {
        return faults;
    }

    long draw(int cpu, String key) {
        return costs.sample(cpu, key, profile.duration(key));
    }

    /**
     * Whether {@code cpu} runs the TSC sync test against the control CPU when it starts: with
     * "first-of-socket", the first CPU of each socket to get there stores the socket's
     * reference ({@code tsc_store_and_check_tsc_adjust()}) and the others compare against it.
     */
    boolean needsTscSync(int cpu) {
        return switch (profile.tscSync()) {
            case "all" -> true;
            case "none" -> false;
            default -> silicon.takeTscReference(cpu);
        };
    }

    private volatile int tscSyncAvoid = -1;

    @Override
    public void keepTscSyncOff(int cpu) {
        tscSyncAvoid = cpu;
    }

    /** The CPU that runs the source half of the TSC sync test: the first online one, as Linux. */
    int tscSyncSource() {
        var online = masks.online();
        int avoid = tscSyncAvoid;
        if (avoid >= 0) {
            int other = online.without(avoid).first();
            if (other < online.nbits()) {
                return other;
            }
        }
        return online.first();
    }

    @Override
    public int kickApAlive(int cpu) {
        cpus[cpu].kick();
        return 0;
    }

    @Override
    public int cpuDisable(int cpu) {
        int refusal = faults.takeDisableRefusal(cpu);
        if (refusal != 0) {
            return refusal;
        }
        masks.setOnline(cpu, false);
        return 0;
    }

    @Override
    public void cpuDie(int cpu) {
        // With HOTPLUG_CORE_SYNC_DEAD the core waits for the dead state itself; what is left
        // is the firmware's own report (a sleeping poll, so not busy time).
        long firmware = draw(cpu, "cpu.die_us");
        if (firmware > 0) {
            scheduler.sleep(firmware);
        }
    }

    @Override
    public boolean initParallelBringup() {
        return profile.parallelBringup();
    }

    @Override
    public void spend(int cpu, int state, String name, int instance, boolean bringup) {
        String key = instance < 0 ? name : HardwareProfile.instanceKey(name, instance);
        scheduler.busy(costs.sample(cpu, bringup ? key : key + "/down", profile.stateCost(key, bringup)));
    }

    @Override
    public void spend(int cpu, String what) {
        scheduler.busy(costs.sample(cpu, what, profile.named(what)));
    }

    @Override
    public void spend(int cpu, String what, int times) {
        scheduler.busy(times * costs.sample(cpu, what, profile.named(what)));
    }

    @Override
    public void synchronizeRcu(int cpu) {
        long gp = draw(cpu, "rcu.grace_period_us")
                + masks.numOnline() * draw(cpu, "rcu.grace_period_per_cpu_us");
        if (gp > 0) {
            scheduler.sleep(gp);
        }
    }
}
