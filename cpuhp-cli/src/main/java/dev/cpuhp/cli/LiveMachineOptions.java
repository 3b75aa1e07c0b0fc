package dev.cpuhp.cli;

import dev.cpuhp.Machine;
import dev.cpuhp.hotplug.Strategy;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A machine to keep running behind an interface: booted, every CPU online. */
final class LiveMachineOptions {
    @Mixin
    MachineOptions machine;

    @Mixin
    StatesOption states;

    @Option(names = "--clock", defaultValue = "virtual", paramLabel = "virtual|real",
            description = "virtual (default): transitions take no wall time; real: they take what they cost.")
    String clock;

    @Option(names = "--no-state-control", description = "Accept only 0 and online in hotplug/target, as a kernel "
            + "without CONFIG_CPU_HOTPLUG_STATE_CONTROL does.")
    boolean noStateControl;

    @Option(names = "--nosmt", arity = "0..1", fallbackValue = "on", paramLabel = "force",
            description = "The nosmt kernel parameter: SMT off from boot (smt/control reads off), or with "
                    + "=force forced off (forceoff: it cannot be turned on). Secondary threads are booted once "
                    + "and sent back down.")
    String nosmt;

    Machine boot(CommandLine cl) {
        if (!clock.equals("virtual") && !clock.equals("real")) {
            throw new CommandLine.ParameterException(cl, "--clock must be virtual or real, got \"" + clock + "\"");
        }
        if (nosmt != null && !nosmt.equals("on") && !nosmt.equals("force")) {
            throw new CommandLine.ParameterException(cl, "--nosmt takes no value or =force, got \"" + nosmt + "\"");
        }
        var profile = machine.load(cl);
        Machine.Builder b = Machine.builder().profile(profile).states(states.table(cl, profile)).seed(machine.seed)
                .strategy(Strategy.PARALLEL).stateControl(!noStateControl);
        if (nosmt != null) {
            b.nosmt(nosmt.equals("force"));
        }
        if (clock.equals("real")) {
            b.realClock(1.0);
        }
        return b.boot();
    }
}
