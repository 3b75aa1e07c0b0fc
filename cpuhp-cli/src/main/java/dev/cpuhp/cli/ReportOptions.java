package dev.cpuhp.cli;

import picocli.CommandLine.Option;

/** How a command that reports figures prints them: shared by boot and reboot. */
final class ReportOptions {
    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Option(names = "--progress", negatable = true,
            description = "Show progress on standard error. Default: on for long runs on a terminal.")
    Boolean progress;

    /** Whether to show progress: as asked, else when on a terminal and {@code long} says the run is. */
    boolean showProgress(boolean longRun) {
        return progress != null ? progress : System.console() != null && longRun;
    }

    void print(java.util.function.Supplier<Object> asJson, java.util.function.Supplier<String> asText) {
        if (json) {
            Json.print(asJson.get());
        } else {
            System.out.print(asText.get());
        }
    }
}
