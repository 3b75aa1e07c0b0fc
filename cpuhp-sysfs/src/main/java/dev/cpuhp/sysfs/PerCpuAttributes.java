package dev.cpuhp.sysfs;

import static dev.cpuhp.state.CpuhpState.OFFLINE;
import static dev.cpuhp.sysfs.Node.dir;
import static dev.cpuhp.sysfs.Node.ro;
import static dev.cpuhp.sysfs.Node.rw;

import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.hotplug.CpuhpCpuState;
import dev.cpuhp.hotplug.Hotplug;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.state.CpuhpState;
import dev.cpuhp.state.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /sys/devices/system/cpu/cpuN}: {@code online} (not for the boot CPU), {@code hotplug/}
 * ({@code state}, {@code target}, {@code fail}) and {@code topology/}, which exists while the
 * CPU is at or past {@code base/topology:prepare}, as Linux adds and removes it there.
 */
final class PerCpuAttributes {
    private final Machine machine;
    private final Hotplug hp;
    private final CpuDevices devices;
    private final int topologyState;

    PerCpuAttributes(Machine machine, CpuDevices devices) {
        this.machine = machine;
        this.hp = machine.hotplug();
        this.devices = devices;
        this.topologyState = machine.states().find("base/topology:prepare").orElse(OFFLINE);
    }

    Node.Dir directory(int cpu) {
        return dir("cpu" + cpu, () -> {
            List<Node> out = new ArrayList<>();
            if (devices.hotpluggable(cpu)) {
                out.add(rw("online", () -> (devices.isOffline(cpu) ? 0 : 1) + "\n", buf -> onlineStore(cpu, buf)));
            }
            CpuhpCpuState st = hp.state(cpu);
            out.add(dir("hotplug", () -> List.of(
                    ro("state", () -> st.state() + "\n"),
                    rw("target", () -> st.target() + "\n", buf -> targetStore(cpu, buf)),
                    rw("fail", () -> st.fail() + "\n", buf -> failStore(cpu, buf)))));
            if (st.state() >= topologyState) {
                out.add(topology(cpu));
            }
            return out;
        });
    }

    /** {@code online_store()}: a boolean, then the device core brings the CPU up or down. */
    private int onlineStore(int cpu, String buf) {
        int val = Kstrto.kstrtobool(buf);
        if (val < 0) {
            return val;
        }
        int ret = devices.locked(() -> val == 1 ? devices.online(cpu) : devices.offline(cpu));
        return ret < 0 ? ret : buf.length();
    }

    /**
     * {@code target_store()}: an integer; without {@code CONFIG_CPU_HOTPLUG_STATE_CONTROL} only
     * offline or online; the state must have a name and not be {@code cant_stop}.
     *
     * <p>One deliberate difference: a state from the STARTING/DYING section to {@code ap:online}
     * is refused with EINVAL by the core ({@link dev.cpuhp.state.Layout#isTransient}). Linux
     * 6.18 accepts it, but a CPU cannot stop there: going down,
     * {@code cpuhp_report_idle_dead()} then hits {@code BUG_ON(state != CPUHP_AP_OFFLINE)};
     * going up, {@code cpuhp_online_idle()} overshoots to {@code CPUHP_AP_ONLINE_IDLE}.
     */
    private int targetStore(int cpu, String buf) {
        Kstrto.Result r = Kstrto.kstrtoint(buf);
        if (!r.ok()) {
            return r.error();
        }
        int target = (int) r.value();
        boolean allowed = machine.stateControl()
                ? target >= OFFLINE && target <= machine.states().layout().online()
                : target == OFFLINE || target == machine.states().layout().online();
        if (!allowed) {
            return Errno.EINVAL.ret();
        }
        int ret = devices.locked(() -> {
            Step step = machine.states().step(target);
            if (step == null || step.cantStop()) {
                return Errno.EINVAL.ret();
            }
            int state = hp.state(cpu).state();
            if (state < target) {
                return hp.cpuUp(cpu, target);
            } else if (state > target) {
                return hp.cpuDown(cpu, target);
            }
            return 0;
        });
        return ret < 0 ? ret : buf.length();
    }

    /** {@code fail_store()}: an integer; the rules are the core's ({@link Hotplug#setFail}). */
    private int failStore(int cpu, String buf) {
        Kstrto.Result r = Kstrto.kstrtoint(buf);
        if (!r.ok()) {
            return r.error();
        }
        int ret = hp.setFail(cpu, (int) r.value());
        return ret < 0 ? ret : buf.length();
    }

    /**
     * {@code drivers/base/topology.c} on x86: ids, and the sibling masks, which hold the CPUs
     * that are online (x86 builds its sibling maps as CPUs come up).
     */
    private Node.Dir topology(int cpu) {
        Topology t = machine.topology();
        Supplier<CpuMask> online = () -> machine.masks().online();
        Supplier<CpuMask> threads = () -> t.threadSiblings(cpu).and(online.get());
        Supplier<CpuMask> pkg = () -> t.coreSiblings(cpu).and(online.get());
        return dir("topology", () -> List.of(
                ro("physical_package_id", () -> t.socket(cpu) + "\n"),
                ro("die_id", () -> "0\n"),
                ro("cluster_id", () -> t.globalCore(cpu) + "\n"),
                ro("core_id", () -> t.core(cpu) + "\n"),
                ro("core_cpus", () -> Bitmaps.hex(threads.get())),
                ro("core_cpus_list", () -> Bitmaps.list(threads.get())),
                ro("thread_siblings", () -> Bitmaps.hex(threads.get())),
                ro("thread_siblings_list", () -> Bitmaps.list(threads.get())),
                ro("cluster_cpus", () -> Bitmaps.hex(threads.get())),
                ro("cluster_cpus_list", () -> Bitmaps.list(threads.get())),
                ro("core_siblings", () -> Bitmaps.hex(pkg.get())),
                ro("core_siblings_list", () -> Bitmaps.list(pkg.get())),
                ro("die_cpus", () -> Bitmaps.hex(pkg.get())),
                ro("die_cpus_list", () -> Bitmaps.list(pkg.get())),
                ro("package_cpus", () -> Bitmaps.hex(pkg.get())),
                ro("package_cpus_list", () -> Bitmaps.list(pkg.get()))));
    }
}
