package dev.cpuhp.cli;

import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.state.KernelTable;
import dev.cpuhp.state.Row;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What machine to simulate: shared by every command that builds one. */
final class MachineOptions {
    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = HardwareProfile.DEFAULT,
            description = "A built-in machine (skl-2s-112t, laptop-4t, spr-16s-1920t, x86-8192, arm64-80c, qemu-6.12) "
                    + "or a profile file of your own. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the hardware model's random draws (same seed, same machine). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one line of the profile, as if it were written last (repeatable), "
                    + "e.g. --set ap.microcode_us=2000 --set 'state.sched:active=30 / 200'.")
    List<String> overrides = new ArrayList<>();

    HardwareProfile load(CommandLine cl) {
        HardwareProfile p;
        try {
            p = HardwareProfile.resolve(profile);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CommandLine.ParameterException(cl, "--profile " + profile + ": " + e.getMessage());
        }
        return applyOverrides(cl, p, overrides);
    }

    /** {@code p} with each {@code KEY=VALUE} applied in order; a bad one is a usage error naming it. */
    static HardwareProfile applyOverrides(CommandLine cl, HardwareProfile p, List<String> overrides) {
        Set<String> states;
        try {
            states = KernelTable.resolve(p.states().orElse("linux-6.18")).rows().stream().map(Row::name)
                    .collect(Collectors.toSet());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CommandLine.ParameterException(cl, "--profile " + p.name() + ": states: " + e.getMessage());
        }
        for (String o : overrides) {
            String key = o.substring(0, Math.max(0, o.indexOf('='))).strip();
            if (key.startsWith("state.") && !states.contains(key.substring(6))) {
                throw new CommandLine.ParameterException(cl, "--set " + o + ": no state named \"" + key.substring(6)
                        + "\" (cpuhp states lists them)");
            }
        }
        try {
            return p.withSettings(overrides);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }
}
