package dev.cpuhp.cli;

import dev.cpuhp.platform.HardwareProfile;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What machine to simulate: shared by every command that builds one. */
final class MachineOptions {
    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = HardwareProfile.DEFAULT,
            description = "A built-in machine (skl-2s-112t, laptop-4t, spr-16s-1920t, x86-8192, qemu-6.12) "
                    + "or a profile file of your own. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the hardware model's random draws (same seed, same machine). Default: ${DEFAULT-VALUE}.")
    long seed;

    HardwareProfile load(CommandLine cl) {
        try {
            return HardwareProfile.resolve(profile);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CommandLine.ParameterException(cl, "--profile " + profile + ": " + e.getMessage());
        }
    }
}
