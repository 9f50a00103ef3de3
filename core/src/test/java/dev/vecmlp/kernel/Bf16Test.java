package dev.vecmlp.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bfloat16 rounding (nearest, ties to even) and exact widening. */
class Bf16Test {

    @Test
    void roundsToNearestWithTiesToEven() {
        assertEquals((short) 0x3f80, Bf16.round(1f));
        // 1 + 2^-8 lies halfway between 1 (even) and 1 + 2^-7 (odd): goes to 1.
        assertEquals((short) 0x3f80, Bf16.round(1f + 0x1p-8f));
        // 1 + 3 * 2^-8 lies halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even): goes up.
        assertEquals((short) 0x3f82, Bf16.round(1f + 3 * 0x1p-8f));
        // Just above the halfway point rounds up.
        assertEquals((short) 0x3f81, Bf16.round(Math.nextUp(1f + 0x1p-8f)));
        assertEquals((short) 0xbf80, Bf16.round(-1f));
        assertEquals((short) 0x8000, Bf16.round(-0f));
    }

    @Test
    void keepsSpecialValuesAndOverflowsToInfinity() {
        assertTrue(Float.isNaN(Bf16.widen(Bf16.round(Float.NaN))));
        // A NaN whose payload lives only in the low 16 bits must not become infinity.
        assertTrue(Float.isNaN(Bf16.widen(Bf16.round(Float.intBitsToFloat(0x7f800001)))));
        assertEquals(Float.POSITIVE_INFINITY, Bf16.widen(Bf16.round(Float.POSITIVE_INFINITY)));
        assertEquals(Float.NEGATIVE_INFINITY, Bf16.widen(Bf16.round(Float.NEGATIVE_INFINITY)));
        assertEquals(Float.POSITIVE_INFINITY, Bf16.widen(Bf16.round(Float.MAX_VALUE)));
        assertEquals(Float.MIN_VALUE * 0, Bf16.widen(Bf16.round(Float.MIN_VALUE)));
    }

    @Test
    void widensExactlyAndRoundsToTheNearestNeighbour() {
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 20_000; i++) {
            float x = (float) ((random.nextDouble() * 2 - 1) * Math.pow(2, random.nextInt(-60, 60)));
            short r = Bf16.round(x);
            float y = Bf16.widen(r);
            assertEquals(Float.floatToRawIntBits(y) & 0xffff, 0, "widened value has low bits");
            assertTrue(Math.abs((double) y - x) <= Bf16.RELATIVE_ERROR * Math.abs(x), x + " -> " + y);
            // No other bf16 is nearer: the neighbours one unit away are at least as far.
            float up = Bf16.widen((short) (r + 1));
            float down = Bf16.widen((short) (r - 1));
            assertTrue(Math.abs((double) up - x) >= Math.abs((double) y - x), x + ": " + up + " is nearer than " + y);
            assertTrue(Math.abs((double) down - x) >= Math.abs((double) y - x), x + ": " + down + " is nearer than " + y);
        }
    }
}
