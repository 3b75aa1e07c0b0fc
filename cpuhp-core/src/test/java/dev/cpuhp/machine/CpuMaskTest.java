package dev.cpuhp.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The kernel's cpulist format, both ways. */
class CpuMaskTest {
    @Test
    void printsRunsOfTwoOrMoreAsRanges() {
        assertEquals("0-3,8", CpuMask.of(16, 0, 1, 2, 3, 8).toList());
        assertEquals("0-1", CpuMask.of(16, 0, 1).toList(), "a pair is a range");
        assertEquals("0,2,4", CpuMask.of(16, 0, 2, 4).toList());
        assertEquals("", CpuMask.empty(16).toList());
        assertEquals("8191", CpuMask.of(8192, 8191).toList());
        assertEquals("0-8191", CpuMask.range(8192, 0, 8191).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "0-3,8;0-3,8", "5;5", "0-15:2/4;0-1,4-5,8-9,12-13", "N;15", "all;0-15",
            "3,1,2;1-3", "0-3,2-5;0-5"})
    void parsesWhatCpulistParseReads(String in, String out) {
        assertEquals(out, CpuMask.parse(in, 16).toList());
    }

    @Test
    void acceptsTheNewlineOfASysfsWriteAndTheEmptyList() {
        assertEquals("0-3,8", CpuMask.parse("0-3,8\n", 16).toList());
        assertEquals("", CpuMask.parse("", 16).toList());
        assertEquals("", CpuMask.parse("\n", 16).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3-1", "a", "0-", "-1", "16", "0-16", "1,,2", "0-15:0/4", "0-15:5/4", "0x1", " 1", "1 "})
    void rejectsWhatItCannotRead(String in) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuMask.parse(in, 16));
        assertTrue(e.getMessage().length() > 10, e.getMessage());
    }

    @Test
    void randomMasksRoundTrip() {
        long seed = 0xC0FFEE;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            int n = 1 + rnd.nextInt(300);
            CpuMask m = CpuMask.of(n, rnd.ints(rnd.nextInt(n + 1), 0, n));
            assertEquals(m, CpuMask.parse(m.toList(), n), "seed " + seed + " iteration " + i + ": " + m.toList());
        }
    }

    @Test
    void setOperations() {
        CpuMask a = CpuMask.parse("0-7", 16);
        CpuMask b = CpuMask.parse("4-11", 16);
        assertEquals("4-7", a.and(b).toList());
        assertEquals("0-3", a.andNot(b).toList());
        assertEquals("0-11", a.or(b).toList());
        assertEquals(8, a.weight());
        assertEquals(4, b.first());
        assertEquals(11, b.last());
        assertEquals(16, CpuMask.empty(16).first());
    }
}
