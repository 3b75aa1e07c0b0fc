package dev.cpuhp.sysfs;

import static dev.cpuhp.sysfs.Node.dir;
import static dev.cpuhp.sysfs.Node.ro;
import static dev.cpuhp.sysfs.Node.rw;

import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.hotplug.Hotplug;
import dev.cpuhp.hotplug.SmtControl;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.machine.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /sys/devices/system/cpu} itself: the masks ({@code drivers/base/cpu.c}),
 * {@code hotplug/states} and {@code smt/} ({@code kernel/cpu.c}), and the CPU directories.
 */
final class CpuAttributes {
    private final Machine machine;
    private final Hotplug hp;
    private final CpuDevices devices;
    private final PerCpuAttributes perCpu;

    CpuAttributes(Machine machine, CpuDevices devices) {
        this.machine = machine;
        this.hp = machine.hotplug();
        this.devices = devices;
        this.perCpu = new PerCpuAttributes(machine, devices);
    }

    Node.Dir directory() {
        return Node.dir("cpu", () -> {
            List<Node> out = new ArrayList<>();
            out.add(ro("possible", () -> Bitmaps.list(machine.masks().possible())));
            out.add(ro("present", () -> Bitmaps.list(machine.masks().present())));
            out.add(ro("online", () -> Bitmaps.list(machine.masks().online())));
            out.add(ro("offline", () -> Bitmaps.list(machine.masks().possible().andNot(machine.masks().online()))));
            out.add(ro("enabled", () -> Bitmaps.list(machine.masks().present())));
            out.add(ro("isolated", () -> "\n"));
            out.add(ro("kernel_max", () -> (Topology.NR_CPUS - 1) + "\n"));
            out.add(dir("hotplug", () -> List.of(ro("states", () -> machine.states().listing()))));
            out.add(dir("smt", () -> List.of(
                    rw("control", this::smtControlShow, this::smtControlStore),
                    ro("active", () -> (hp.smtActive() ? 1 : 0) + "\n"))));
            CpuMask possible = machine.masks().possible();
            possible.forEach(cpu -> out.add(perCpu.directory(cpu)));
            return out;
        });
    }

    /** {@code control_show()}: the state, or the thread count when on with fewer than all. */
    private String smtControlShow() {
        SmtControl c = hp.smtControl();
        if (c == SmtControl.ENABLED && hp.smtNumThreads() != hp.smtMaxThreads()) {
            return hp.smtNumThreads() + "\n";
        }
        return c.sysfs() + "\n";
    }

    /** {@code __store_smt_control()}. */
    private int smtControlStore(String buf) {
        SmtControl current = hp.smtControl();
        if (current == SmtControl.FORCE_DISABLED) {
            return Errno.EPERM.ret();
        }
        if (current == SmtControl.NOT_SUPPORTED || current == SmtControl.NOT_IMPLEMENTED) {
            return Errno.ENODEV.ret();
        }
        SmtControl ctrl;
        int threads;
        if (Kstrto.sysfsStreq(buf, "on")) {
            ctrl = SmtControl.ENABLED;
            threads = hp.smtMaxThreads();
        } else if (Kstrto.sysfsStreq(buf, "off")) {
            ctrl = SmtControl.DISABLED;
            threads = 1;
        } else if (Kstrto.sysfsStreq(buf, "forceoff")) {
            ctrl = SmtControl.FORCE_DISABLED;
            threads = 1;
        } else {
            Kstrto.Result r = Kstrto.kstrtoint(buf);
            if (!r.ok()) {
                return Errno.EINVAL.ret();
            }
            threads = (int) r.value();
            if (threads == 1) {
                ctrl = SmtControl.DISABLED;
            } else if (threads == hp.smtMaxThreads()) {
                ctrl = SmtControl.ENABLED;
            } else {
                return Errno.EINVAL.ret();
            }
        }
        int n = threads;
        int ret = devices.locked(() -> {
            int orig = hp.smtNumThreads();
            boolean forceOff = ctrl != current && ctrl == SmtControl.FORCE_DISABLED;
            if (n > orig) {
                return hp.smtEnable(n, cpu -> devices.setOffline(cpu, false));
            } else if (n < orig || forceOff) {
                return hp.smtDisable(ctrl, n, cpu -> devices.setOffline(cpu, true));
            }
            hp.smtSetNumThreads(n);
            return 0;
        });
        return ret < 0 ? ret : buf.length();
    }
}
