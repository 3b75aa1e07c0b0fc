package dev.cpuhp.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Option;

/** {@code --progress}/{@code --no-progress} of the long-running commands, and their progress bar. */
final class ProgressOption {
    @Option(names = "--progress", negatable = true, description = "Show progress on standard error. Default: on a terminal.")
    Boolean progress;

    /** Whether to show progress: as asked, else when standard error is a terminal. */
    boolean show() {
        return progress != null ? progress : System.console() != null;
    }

    /** A bar counting {@code max} items ({@code -1}: unknown), or null when progress is not shown. */
    ProgressBar bar(String task, long max, String unit) {
        return show() ? new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUnit(unit, 1).setUpdateIntervalMillis(500).continuousUpdate().build() : null;
    }
}
