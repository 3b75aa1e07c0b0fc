package dev.cpuhp.cli;

import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.state.KernelTable;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --states}: which kernel's state table a machine has. */
final class StatesOption {
    @Option(names = "--states", paramLabel = "NAME|FILE",
            description = "The kernel's state table: linux-6.18, linux-6.12, or a /sys/devices/system/cpu/hotplug/states "
                    + "listing of another machine. Default: the profile's, else linux-6.18.")
    String states;

    /** The table asked for, else the profile's, else 6.18's. */
    KernelTable table(CommandLine cl, HardwareProfile profile) {
        return resolve(cl, states != null ? states : profile.states().orElse("linux-6.18"));
    }

    /** A built-in table or a listing, or a usage error naming {@code --states} and what was wrong. */
    static KernelTable resolve(CommandLine cl, String which) {
        try {
            return KernelTable.resolve(which);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CommandLine.ParameterException(cl, "--states " + which + ": " + e.getMessage());
        }
    }
}
