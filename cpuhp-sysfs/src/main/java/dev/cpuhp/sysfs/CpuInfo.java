package dev.cpuhp.sysfs;

import dev.cpuhp.Machine;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.platform.HardwareProfile;
import java.util.Locale;

/**
 * {@code /proc/cpuinfo} as x86's {@code show_cpuinfo()} prints it, for the online CPUs: what
 * {@code lscpu} reads for the vendor, model, sockets, cores and flags.
 */
final class CpuInfo {
    private final Machine machine;

    CpuInfo(Machine machine) {
        this.machine = machine;
    }

    String show() {
        StringBuilder sb = new StringBuilder();
        CpuMask online = machine.masks().online();
        online.forEach(cpu -> processor(sb, cpu, online));
        return sb.toString();
    }

    private void processor(StringBuilder sb, int cpu, CpuMask online) {
        HardwareProfile p = machine.profile();
        Topology t = machine.topology();
        int socket = t.socket(cpu);
        CpuMask pkg = t.coreSiblings(cpu).and(online);
        long cores = pkg.stream().map(t::core).distinct().count();
        int apicid = apicId(t, cpu);
        line(sb, "processor", Integer.toString(cpu));
        line(sb, "vendor_id", p.get("cpu.vendor_id", "GenuineIntel"));
        line(sb, "cpu family", p.get("cpu.family", "6"));
        line(sb, "model", p.get("cpu.model", "85"));
        line(sb, "model name", p.get("cpu.model_name", "Simulated x86-64 CPU"));
        line(sb, "stepping", p.get("cpu.stepping", "4"));
        line(sb, "microcode", "0x2007006");
        line(sb, "cpu MHz", p.get("cpu.mhz", "2000.000"));
        line(sb, "cache size", p.get("cpu.cache_size", "32768 KB"));
        line(sb, "physical id", Integer.toString(socket));
        line(sb, "siblings", Integer.toString(pkg.weight()));
        line(sb, "core id", Integer.toString(t.core(cpu)));
        line(sb, "cpu cores", Long.toString(cores));
        line(sb, "apicid", Integer.toString(apicid));
        line(sb, "initial apicid", Integer.toString(apicid));
        line(sb, "fpu", "yes");
        line(sb, "fpu_exception", "yes");
        line(sb, "cpuid level", "22");
        line(sb, "wp", "yes");
        line(sb, "flags", p.get("cpu.flags", "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov"));
        line(sb, "bugs", "");
        line(sb, "bogomips", p.get("cpu.bogomips", "4000.00"));
        line(sb, "clflush size", "64");
        line(sb, "cache_alignment", "64");
        line(sb, "address sizes", "46 bits physical, 48 bits virtual");
        sb.append("power management:\n\n");
    }

    /** x86 APIC ids: thread bits, then core bits, then the package, each field rounded up. */
    static int apicId(Topology t, int cpu) {
        int threadBits = bits(t.threadsPerCore());
        int coreBits = bits(t.coresPerSocket());
        return (t.socket(cpu) << (coreBits + threadBits)) | (t.core(cpu) << threadBits) | t.thread(cpu);
    }

    private static int bits(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    /** {@code seq_printf(m, "%s\t: %s\n")} with the tab layout x86 uses (names padded to 8). */
    private static void line(StringBuilder sb, String name, String value) {
        sb.append(name);
        sb.append(name.length() < 8 ? "\t\t" : "\t");
        sb.append(value.isEmpty() ? ":" : ": " + value);
        sb.append('\n');
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "cpuinfo of %s", machine.profile().name());
    }
}
