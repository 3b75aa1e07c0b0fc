package dev.cpuhp.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * How kernfs hands a {@code write(2)} to a sysfs store ({@code kernfs_fop_write_iter()},
 * {@code sysfs_kf_write()}): nothing for zero bytes, one page at most, a C string.
 */
class KernfsWriteTest extends TreeTest {
    private String snapshot() {
        return TreeDump.dump(tree, "/sys");
    }

    @Test
    void aZeroLengthWriteStoresNothingAndReturnsZero() {
        String before = snapshot();
        for (String f : new String[] {"/cpu3/online", "/cpu3/hotplug/target", "/cpu3/hotplug/fail", "/smt/control"}) {
            assertEquals(0, tree.write(CPU + f, new byte[0], "sh"), f);
        }
        assertEquals(before, snapshot());
        assertEquals(-13, tree.write(CPU + "/online", new byte[0], "sh"), "the open still fails first");
    }

    @Test
    void theStoreSeesTheBytesUpToTheFirstNulAndTakesThemAll() {
        byte[] data = "0\0junk".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(data.length, tree.write(CPU + "/cpu3/online", data, "sh"), "kstrtobool reads \"0\"");
        assertEquals("0\n", tree.read(CPU + "/cpu3/online").content());
        assertEquals(-22, tree.write(CPU + "/cpu3/online", "\0" + "1", "sh"), "an empty C string");
    }

    @Test
    void aWriteTakesOnePageAtMostAndTheRestIsTheWritersToWriteAgain() {
        byte[] ones = new byte[3 * SysfsTree.PAGE_SIZE];
        Arrays.fill(ones, (byte) '1');
        ones[0] = '0';
        assertEquals(SysfsTree.PAGE_SIZE, tree.write(CPU + "/cpu3/online", ones, "sh"), "a short write of one page");
        assertEquals("0\n", tree.read(CPU + "/cpu3/online").content(), "kstrtobool saw \"011...1\"");
        byte[] digits = new byte[SysfsTree.PAGE_SIZE + 1];
        Arrays.fill(digits, (byte) '9');
        assertEquals(-34, tree.write(CPU + "/cpu3/hotplug/fail", digits, "sh"), "a page of 9s is out of range");
    }

    @Test
    void textIsWrittenAsUtf8() {
        // U+0661 ARABIC-INDIC DIGIT ONE is a digit to Java, not to the kernel
        assertEquals(-22, tree.write(CPU + "/cpu3/hotplug/fail", "\u0661", "sh"));
        assertEquals(-22, tree.write(CPU + "/cpu3/online", "\u00e9", "sh"));
    }
}
