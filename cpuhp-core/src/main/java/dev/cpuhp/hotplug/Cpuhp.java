package dev.cpuhp.hotplug;

import dev.cpuhp.machine.CpuMasks;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.smp.CrossCall;
import dev.cpuhp.smp.Smpboot;
import dev.cpuhp.smp.StopMachine;
import dev.cpuhp.state.Layout;
import dev.cpuhp.state.StateTable;
import dev.cpuhp.trace.KernelLog;
import dev.cpuhp.trace.Tracer;

/**
 * What the parts of the hotplug core share: the machine's facilities and the per-CPU records.
 * Immutable after construction except {@link #platform}, set once while the machine is wired.
 */
final class Cpuhp {
    final Scheduler scheduler;
    final StateTable table;
    /** Where this kernel's core states are. */
    final Layout layout;
    final CpuMasks masks;
    final Topology topology;
    final Tracer tracer;
    final KernelLog log;
    final Smpboot smpboot;
    final CrossCall smp;
    final StopMachine stopMachine;
    final HotplugLock lock;
    final Smt smt;
    final ControlWaits waits = new ControlWaits();
    final PlantedBugs bugs = new PlantedBugs();
    final CpuhpCpuState[] states;
    volatile Platform platform;

    Cpuhp(Scheduler scheduler, StateTable table, CpuMasks masks, Topology topology, Tracer tracer,
          KernelLog log, Smpboot smpboot, CrossCall smp, StopMachine stopMachine) {
        this.scheduler = scheduler;
        this.table = table;
        this.layout = table.layout();
        this.masks = masks;
        this.topology = topology;
        this.tracer = tracer;
        this.log = log;
        this.smpboot = smpboot;
        this.smp = smp;
        this.stopMachine = stopMachine;
        this.lock = new HotplugLock(scheduler);
        this.smt = new Smt(topology, masks);
        this.states = new CpuhpCpuState[masks.nrCpuIds()];
        for (int cpu = 0; cpu < states.length; cpu++) {
            states[cpu] = new CpuhpCpuState(scheduler, cpu);
        }
    }

    CpuhpCpuState st(int cpu) {
        return states[cpu];
    }

    /** The step's name for messages; "(null)" for an unnamed slot, as printk prints NULL. */
    String name(int state) {
        String n = table.name(state);
        return n == null ? "(null)" : n;
    }
}
