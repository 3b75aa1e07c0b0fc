package dev.cpuhp.cli.fuzz;

import static dev.cpuhp.errno.Errno.E2BIG;
import static dev.cpuhp.errno.Errno.EACCES;
import static dev.cpuhp.errno.Errno.EAGAIN;
import static dev.cpuhp.errno.Errno.EBUSY;
import static dev.cpuhp.errno.Errno.ECANCELED;
import static dev.cpuhp.errno.Errno.EINVAL;
import static dev.cpuhp.errno.Errno.EIO;
import static dev.cpuhp.errno.Errno.EISDIR;
import static dev.cpuhp.errno.Errno.ENODEV;
import static dev.cpuhp.errno.Errno.ENOENT;
import static dev.cpuhp.errno.Errno.ENOTDIR;
import static dev.cpuhp.errno.Errno.EPERM;
import static dev.cpuhp.errno.Errno.ERANGE;

import dev.cpuhp.errno.Errno;
import java.util.EnumSet;
import java.util.Set;

/**
 * A file the fuzzer writes to, and what kind of file it is: which errnos a write to it may
 * get (those its {@code _store()} and the transitions behind it can return, per
 * {@code PerCpuAttributes} and {@code CpuAttributes}), and whether a refused write may change
 * anything at all.
 *
 * @param path the file, absolute and plain (a surface may spell it otherwise)
 */
record Target(String path, Kind kind) {

    enum Kind {
        /** {@code cpuN/online}: kstrtobool, then the device core's up or down. */
        ONLINE(EnumSet.of(EINVAL, EBUSY, EIO, EAGAIN, ECANCELED, EPERM)),
        /** {@code cpuN/hotplug/target}: kstrtoint, a named state, then up or down to it (EPERM: SMT keeps it down). */
        TARGET(EnumSet.of(EINVAL, ERANGE, EBUSY, EIO, EAGAIN, ECANCELED, EPERM)),
        /** {@code cpuN/hotplug/fail}: kstrtoint and the core's rules; no transition. */
        FAIL(EnumSet.of(EINVAL, ERANGE)),
        /** {@code smt/control}: a word or a thread count, then every sibling up or down. */
        SMT_CONTROL(EnumSet.of(EINVAL, EPERM, ENODEV, EBUSY, EIO, EAGAIN, ECANCELED)),
        /** A 0444 attribute: the open fails. */
        READ_ONLY(EnumSet.of(EACCES)),
        /** A directory. */
        DIRECTORY(EnumSet.of(EISDIR)),
        /** Nothing there (or under a file). */
        MISSING(EnumSet.of(ENOENT, ENOTDIR)),
        /** Not a write to one file: a shell command line, a malformed request. */
        OTHER(EnumSet.allOf(Errno.class));

        final Set<Errno> errnos;

        Kind(Set<Errno> errnos) {
            this.errnos = errnos;
        }
    }

    private static final java.util.regex.Pattern PER_CPU =
            java.util.regex.Pattern.compile(Inputs.CPU + "/cpu(\\d+)/(online|hotplug/target|hotplug/fail)");

    /** What {@code path} is on a machine of {@code cpus} CPUs whose files read as {@code now}. */
    static Target classify(String path, Snapshot now, int cpus) {
        java.util.regex.Matcher m = PER_CPU.matcher(path);
        Kind kind;
        if (m.matches() && m.group(1).length() < 6 && Integer.parseInt(m.group(1)) < cpus
                && !(m.group(2).equals("online") && m.group(1).equals("0"))) {
            kind = switch (m.group(2)) {
                case "online" -> Kind.ONLINE;
                case "hotplug/target" -> Kind.TARGET;
                default -> Kind.FAIL;
            };
        } else if (path.equals(Inputs.CPU + "/smt/control")) {
            kind = Kind.SMT_CONTROL;
        } else if (now.files().containsKey(path)) {
            kind = Kind.READ_ONLY;
        } else if (now.directories().contains(path)) {
            kind = Kind.DIRECTORY;
        } else {
            kind = Kind.MISSING;
        }
        return new Target(path, kind);
    }

    /** Whether {@code e} is an answer this file can give. */
    boolean allows(Errno e) {
        return kind.errnos.contains(e) || (e == E2BIG && kind == Kind.OTHER);
    }

    /**
     * What a write refused with {@code e} may have changed, the files reading {@code before}
     * it. A refused parse or permission check changes nothing. An operation that failed once
     * started rolls back, but the one-shot {@code fail} it consumed reads -1 afterwards (see
     * {@link Snapshot#withoutFail}). Two failures leave things where they went, as the
     * kernel does: SMT control stops at the first sibling that fails and keeps the ones
     * before it ({@code cpuhp_smt_disable()}); and a DEAD callback (PREPARE section, state
     * 83 {@code cpu:bringup} and below) armed to fail while the CPU was down cannot be rolled
     * back once the CPU is dead ({@code _cpu_down()}'s "DEAD callback error" WARN; the fuzzer
     * reboots after it). An input that is not a write of a known file (a shell line, a JSON
     * body that happens to be a write) and fails once an operation began is judged as the
     * worst of these, since which file it reached is not known.
     */
    Change allowedChange(Errno e, Snapshot before) {
        boolean started = e == EAGAIN || e == EIO;
        if (kind == Kind.SMT_CONTROL && (started || e == EBUSY || e == ECANCELED)) {
            return Change.ANY;
        }
        if (kind == Kind.OTHER && (started || e == EBUSY || e == ECANCELED)) {
            return Change.TAINTED; // an operation began on a file the fuzzer did not pick: it cannot tell which
        }
        if (!started) {
            return Change.NONE;
        }
        java.util.regex.Matcher m = PER_CPU.matcher(path);
        String fail = m.matches() ? before.files().get(Inputs.CPU + "/cpu" + m.group(1) + "/hotplug/fail") : null;
        boolean deadArmed = fail != null && fail.strip().matches("[0-9]+") && Integer.parseInt(fail.strip()) <= BRINGUP_CPU;
        return deadArmed ? Change.TAINTED : Change.FAIL_RESET;
    }

    /** {@code CPUHP_BRINGUP_CPU} in 6.18's table: the last state whose teardown is a DEAD callback. */
    private static final int BRINGUP_CPU = 83;

    enum Change {
        /** Nothing may differ. */
        NONE,
        /** Only the consumed {@code fail} files. */
        FAIL_RESET,
        /** Anything: the operation stopped part way, as the kernel's does. */
        ANY,
        /** Anything, and the kernel would have WARNed: the machine is not to be trusted further. */
        TAINTED
    }
}
