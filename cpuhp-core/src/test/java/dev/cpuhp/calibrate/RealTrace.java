package dev.cpuhp.calibrate;

import dev.cpuhp.state.KernelTable;
import dev.cpuhp.trace.FtraceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The real Linux 6.12 QEMU guest's files in the test resources (see the README there). */
final class RealTrace {
    static final String DIR = "/dev/cpuhp/calibrate/linux-6.12-qemu/";

    private RealTrace() {
    }

    static String text(String file) {
        try (InputStream in = RealTrace.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + DIR + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FtraceReader.Parsed read(String file) {
        try {
            return FtraceReader.read(new BufferedReader(new java.io.StringReader(text(file))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KernelTable table() {
        return KernelTable.fromListing(text("states.txt"), "states.txt");
    }

    static BootTrace boot(String file) {
        return BootTrace.read(file, read(file), table().layout());
    }
}
