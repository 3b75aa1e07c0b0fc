package dev.cpuhp.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.errno.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kernel's parsers: what they take, and the errno for what they do not. */
class KstrtoTest {
    @Test
    void kstrtointTakesDigitsASignAndOneNewline() {
        assertEquals(236, Kstrto.kstrtoint("236").value());
        assertEquals(236, Kstrto.kstrtoint("+236").value());
        assertEquals(236, Kstrto.kstrtoint("236\n").value());
        assertEquals(-1, Kstrto.kstrtoint("-1\n").value());
        assertEquals(0, Kstrto.kstrtoint("-0").value());
        assertEquals(Integer.MAX_VALUE, Kstrto.kstrtoint("2147483647").value());
        assertEquals(Integer.MIN_VALUE, Kstrto.kstrtoint("-2147483648").value());
        assertEquals(7, Kstrto.kstrtoint("007").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", " 1", "1 ", "1\n\n", "0x10", "abc", "1a", "--1", "-+1", "+-1", "+", "-", "1.0", "٣"})
    void malformedIsEinval(String s) {
        assertEquals(Errno.EINVAL.ret(), Kstrto.kstrtoint(s).error(), "\"" + s + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "-2147483649", "99999999999", "18446744073709551616", "-9223372036854775809"})
    void tooBigIsErange(String s) {
        assertEquals(Errno.ERANGE.ret(), Kstrto.kstrtoint(s).error(), s);
    }

    @Test
    void kstrtoboolLooksAtTheFirstCharacterOrTwo() {
        for (String t : new String[] {"1", "y", "Y", "t", "T", "yes", "1x", "on", "ON", "On\n", "true"}) {
            assertEquals(1, Kstrto.kstrtobool(t), t);
        }
        for (String f : new String[] {"0", "n", "N", "f", "F", "no", "of", "off", "OFF", "0\n", "false"}) {
            assertEquals(0, Kstrto.kstrtobool(f), f);
        }
        for (String bad : new String[] {"", "2", "maybe", "\n", "O", "o", "ox", " 1", "x"}) {
            assertEquals(Errno.EINVAL.ret(), Kstrto.kstrtobool(bad), "\"" + bad + "\"");
        }
    }

    @Test
    void sysfsStreqIgnoresOneTrailingNewline() {
        assertTrue(Kstrto.sysfsStreq("on\n", "on"));
        assertTrue(Kstrto.sysfsStreq("on", "on"));
        assertFalse(Kstrto.sysfsStreq("on\n\n", "on"));
        assertFalse(Kstrto.sysfsStreq(" on", "on"));
    }

    @Test
    void hexBitmapsAreGroupedInThirtyTwoBitWords() {
        var m = dev.cpuhp.machine.CpuMask.of(112, 0, 56);
        assertEquals("0000,00000000,01000000,00000001\n", Bitmaps.hex(m));
        assertEquals("5\n", Bitmaps.hex(dev.cpuhp.machine.CpuMask.of(4, 0, 2)));
        assertEquals("00000000,00000003\n", Bitmaps.hex(dev.cpuhp.machine.CpuMask.of(64, 0, 1)));
        assertEquals("0,56\n", Bitmaps.list(m));
        assertEquals("\n", Bitmaps.list(dev.cpuhp.machine.CpuMask.empty(4)));
    }
}
