package dev.cpuhp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cpuhp}: the Linux CPU hotplug state machine on a simulated machine. */
@Command(name = "cpuhp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"The Linux CPU hotplug state machine, on simulated machines.",
                "",
                "Boot machines serially and in parallel, drive CPUs through their states,",
                "and see where the time goes. `cpuhp COMMAND --help` for each command."},
        subcommands = {BootCommand.class, BenchCommand.class, MountCommand.class, ServeCommand.class,
                ShellCommand.class, StatesCommand.class, TortureCommand.class, FuzzCommand.class, RebootCommand.class, OracleCommand.class,
                CalibrateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int status;
        try {
            status = cl.execute(args);
        } catch (Error e) {
            // picocli hands Errors (a simulation deadlock is one) past the exception handler
            status = Failure.report(args.length > 0 ? args[0] : "", e, cl.getErr());
        }
        System.exit(status);
    }

    /**
     * The command line with cpuhp's conventions: errors name the bad value, exit code 2; a
     * failure while running is one line on standard error ({@link Failure}), never a stack trace.
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine bad = e.getCommandLine();
            String name = bad == cl ? "cpuhp" : "cpuhp " + bad.getCommandName();
            bad.getErr().println(name + ": " + e.getMessage());
            bad.getErr().println("Try '" + name + " --help' for more information.");
            bad.getErr().flush();
            return bad.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, failed, parsed) -> Failure.report(failed.getCommandName(), e, failed.getErr()));
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"cpuhp " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Linux 6.18 state table)",
                    "Java " + Runtime.version()};
        }
    }
}
