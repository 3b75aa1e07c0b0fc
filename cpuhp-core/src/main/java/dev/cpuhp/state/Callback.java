package dev.cpuhp.state;

import java.util.Objects;

/**
 * One direction's callback of a step, with the symbol name traces print for it ({@code %ps} in
 * {@code cpuhp_enter}). A step's startup and teardown are either both single or both multi.
 */
public sealed interface Callback permits Callback.Single, Callback.Multi {

    /** The function name shown in traces, e.g. "sched_cpu_starting". */
    String symbol();

    record Single(String symbol, CpuCallback fn) implements Callback {
        public Single {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(fn, "fn");
        }
    }

    record Multi(String symbol, InstanceCallback<Object> fn) implements Callback {
        public Multi {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(fn, "fn");
        }
    }

    static Single single(String symbol, CpuCallback fn) {
        return fn == null ? null : new Single(symbol, fn);
    }

    @SuppressWarnings("unchecked")
    static <T> Multi multi(String symbol, InstanceCallback<T> fn) {
        return fn == null ? null : new Multi(symbol, (InstanceCallback<Object>) fn);
    }
}
