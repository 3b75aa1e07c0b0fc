package dev.cpuhp.smp;

import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A function to run on another CPU, {@code smp_call_func_t}, with the symbol traces print for
 * it. It runs in interrupt context on the target: it receives the CPU it runs on and must not
 * sleep.
 */
public record SmpFunction(String symbol, IntConsumer fn) {
    public SmpFunction {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(fn, "fn");
    }
}
