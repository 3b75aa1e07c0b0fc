package dev.cpuhp.sync;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;

/**
 * Runs this module's jcstress tests ({@code *Stress}) and fails on a forbidden outcome
 * ({@code JCStress.run()} throws "TEST FAILURES"). By default in jcstress's sanity mode: each
 * test is forked and raced briefly, which shows that it runs and catches what shows at once.
 * The races the tests are written for need a longer run, given as jcstress arguments:
 * {@code ./test -pl cpuhp-core -Dtest=JcstressTest -Djcstress.args="-m quick"}.
 */
class JcstressTest {
    private static final Path RESULTS = Path.of("target", "jcstress-results");

    @Test
    void noForbiddenOutcome() throws Exception {
        List<String> args = new ArrayList<>(List.of("-t", "dev\\.cpuhp\\..*Stress", "-r", RESULTS.toString()));
        args.addAll(List.of(System.getProperty("jcstress.args", "-m sanity").trim().split("\\s+")));
        Options opts = new Options(args.toArray(String[]::new));
        if (!opts.parse()) {
            throw new IllegalStateException("jcstress refused the arguments " + args);
        }
        try {
            new JCStress(opts).run();
        } finally {
            keepResultBlobInTarget();
        }
    }

    /** jcstress writes its raw results to the working directory; they belong under target/. */
    private static void keepResultBlobInTarget() throws IOException {
        Files.createDirectories(RESULTS);
        try (DirectoryStream<Path> blobs = Files.newDirectoryStream(Path.of("."), "jcstress-results-*.bin.gz")) {
            for (Path blob : blobs) {
                Files.move(blob, RESULTS.resolve(blob.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
