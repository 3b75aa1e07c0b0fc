package dev.cpuhp.torture;

import dev.cpuhp.trace.Ctx;
import dev.cpuhp.trace.TraceEvent;

/**
 * A 64-bit fingerprint of a whole run: every trace event (its time, CPU, task and fields) and
 * every operation's result, folded in order. Two runs with one digest did the same things at
 * the same simulated instants. Not cryptographic: it tells runs apart, it does not hide them.
 */
final class TraceDigest {
    private static final long PRIME = 0x100000001b3L;
    private long h = 0xcbf29ce484222325L;

    synchronized void event(TraceEvent e) {
        Ctx c = e.ctx();
        mix(e.name().hashCode());
        mix(c.ts());
        mix(c.cpu());
        mix(c.pid());
        mix(c.comm().hashCode());
        switch (e) {
            case TraceEvent.CpuhpEnter x -> mix4(x.cpu(), x.target(), x.idx(), x.fun().hashCode());
            case TraceEvent.CpuhpMultiEnter x -> mix4(x.cpu(), x.target(), x.idx(), x.fun().hashCode());
            case TraceEvent.CpuhpExit x -> mix4(x.cpu(), x.state(), x.idx(), x.ret());
            case TraceEvent.CsdQueueCpu x -> mix4(x.cpu(), x.callsite().hashCode(), x.func().hashCode(), x.csd());
            case TraceEvent.CsdFunctionEntry x -> mix4(x.func().hashCode(), x.csd(), 0, 0);
            case TraceEvent.CsdFunctionExit x -> mix4(x.func().hashCode(), x.csd(), 0, 0);
            case TraceEvent.SyncPoint x -> mix4(x.cpu(), x.what().hashCode(), 0, 0);
        }
    }

    synchronized void result(long op, int ret) {
        mix(op);
        mix(ret);
    }

    synchronized String hex() {
        return String.format("%016x", h);
    }

    private void mix4(long a, long b, long c, long d) {
        mix(a);
        mix(b);
        mix(c);
        mix(d);
    }

    private void mix(long v) {
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (i * 8)) & 0xff;
            h *= PRIME;
        }
    }
}
