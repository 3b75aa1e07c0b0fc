package dev.cpuhp.sched;

/** Unwinds a simulated task when its machine is closed. Never escapes a spawned task. */
public final class SimulationShutdown extends Error {
    private static final long serialVersionUID = 1L;

    public SimulationShutdown() {
        super("the simulated machine was shut down", null, false, false);
    }
}
