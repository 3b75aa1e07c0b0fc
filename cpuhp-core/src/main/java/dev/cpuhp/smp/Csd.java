package dev.cpuhp.smp;

import dev.cpuhp.sync.Completion;

/**
 * {@code call_single_data_t}: one queued cross-CPU call.
 *
 * @param id       identity printed as the {@code csd=%p} field
 * @param fn       what to run on the target
 * @param callsite who queued it ({@code callsite=%pS})
 * @param queuedAt simulated time of the queueing, for the delivery latency
 * @param done     completed after the function ran, when the caller waits; else null
 */
record Csd(long id, SmpFunction fn, String callsite, long queuedAt, Completion done) {
}
