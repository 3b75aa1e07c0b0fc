package dev.cpuhp.boot;

import dev.cpuhp.state.CpuhpState;

/**
 * Where a CPU is on its way up (or down), coarse enough to colour a cell of a machine grid:
 * the table's sections, with the control CPU's kick split into "kicked" (the AP starting on
 * its own: firmware, microcode) and "alive" (waiting to be released).
 */
public enum BringupPhase {
    OFFLINE("offline"),
    PREPARE("PREPARE (control CPU)"),
    KICKED("kicked: firmware, microcode"),
    ALIVE("alive, waiting for release"),
    STARTING("STARTING (atomic, on the CPU)"),
    ONLINE_SECTION("ONLINE section (cpuhp/N)"),
    ONLINE("online");

    private final String label;

    BringupPhase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The phase a CPU at {@code state} is in, from the state number alone. */
    public static BringupPhase ofState(int state) {
        if (state <= CpuhpState.OFFLINE) {
            return OFFLINE;
        } else if (state < CpuhpState.BP_KICK_AP) {
            return PREPARE;
        } else if (state == CpuhpState.BP_KICK_AP) {
            return KICKED;
        } else if (state == CpuhpState.BRINGUP_CPU) {
            return ALIVE;
        } else if (state <= CpuhpState.AP_ONLINE) {
            return STARTING;
        } else if (state < CpuhpState.ONLINE) {
            return ONLINE_SECTION;
        }
        return ONLINE;
    }

    /** The lowest state number in this phase; a phase holds the states up to the next one's. */
    public int firstState() {
        return switch (this) {
            case OFFLINE -> CpuhpState.OFFLINE;
            case PREPARE -> CpuhpState.OFFLINE + 1;
            case KICKED -> CpuhpState.BP_KICK_AP;
            case ALIVE -> CpuhpState.BRINGUP_CPU;
            case STARTING -> CpuhpState.BRINGUP_CPU + 1;
            case ONLINE_SECTION -> CpuhpState.AP_ONLINE + 1;
            case ONLINE -> CpuhpState.ONLINE;
        };
    }
}
