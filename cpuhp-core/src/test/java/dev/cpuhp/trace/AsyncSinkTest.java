package dev.cpuhp.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer thread sees every event, in order, by the time close() returns; its failure surfaces. */
class AsyncSinkTest {
    private static TraceEvent event(int i) {
        return new TraceEvent.SyncPoint(new Ctx(i, 0, "t", 1, false, true), 0, "e" + i);
    }

    @Test
    void everyEventArrivesInOrderByClose() throws Exception {
        List<Long> seen = new ArrayList<>(); // written by the writer thread; read after join
        int n = AsyncSink.BATCH * (AsyncSink.QUEUED + 3) + 17; // more than the queue holds: producers block
        try (AsyncSink s = new AsyncSink("test writer", e -> seen.add(e.ctx().ts()))) {
            for (int i = 0; i < n; i++) {
                s.accept(event(i));
            }
        }
        assertEquals(n, seen.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void aFailingWriterFailsCloseInsteadOfHanging() {
        AsyncSink s = new AsyncSink("test writer", e -> {
            throw new IllegalStateException("disk full");
        });
        for (int i = 0; i < AsyncSink.BATCH * (AsyncSink.QUEUED + 3); i++) {
            s.accept(event(i));
        }
        assertEquals("disk full", assertThrows(IllegalStateException.class, s::close).getMessage());
    }
}
