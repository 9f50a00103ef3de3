package dev.vecmlp.io;

import dev.vecmlp.io.ModelFormatException.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict JSON reader behind safetensors headers: what it accepts, and that quoting round-trips. */
class JsonTest {

    private static Object parse(String text) throws ModelFormatException {
        return Json.parse(text, "test");
    }

    @Test
    void readsEveryKindOfValue() throws ModelFormatException {
        Map<?, ?> m = (Map<?, ?>) parse(" {\"a\" : [1, -0, 2.5e-3, 1E+2, true, false, null, {}, []],\n\t\"b\":\"x\"} ");
        List<?> a = (List<?>) m.get("a");
        assertEquals(new Json.Number("1"), a.get(0));
        assertEquals(new Json.Number("-0"), a.get(1));
        assertEquals(new Json.Number("2.5e-3"), a.get(2));
        assertEquals(new Json.Number("1E+2"), a.get(3));
        assertEquals(true, a.get(4));
        assertEquals(false, a.get(5));
        assertEquals(Json.NULL, a.get(6));
        assertEquals(Map.of(), a.get(7));
        assertEquals(List.of(), a.get(8));
        assertEquals("x", m.get("b"));
        assertEquals(List.of("a", "b"), List.copyOf(m.keySet()));
        assertTrue(((Json.Number) a.get(0)).isInteger());
        assertTrue(!((Json.Number) a.get(2)).isInteger());
    }

    @Test
    void decodesEscapes() throws ModelFormatException {
        assertEquals("q\"b\\s/\b\f\n\r\t\u00e9\ud83d\ude00", parse("\"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\""));
        assertEquals("\u00e9\u4e2d", parse("\"\u00e9\u4e2d\"")); // raw non-ASCII characters
    }

    @Test
    void quotingRoundTrips() throws ModelFormatException {
        String s = "tab\there \"quoted\" back\\slash \u0001 \u00e9 \ud83d\ude00 new\nline";
        assertEquals(s, parse(Json.quote(s)));
    }

    @Test
    void refusesWhatStrictJsonRefuses() {
        for (String bad : new String[]{"", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul",
                "\"\\x\"", "\"\\u12G4\"", "\"open", "{1:2}", "{\"a\" 1}", "[1 2]", "1 2", "// c\n1", "'s'", "NaN"}) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> parse(bad), bad);
            assertEquals(Reason.BAD_JSON, e.reason(), bad);
            assertTrue(e.getMessage().contains("at character"), e.getMessage());
        }
    }

    @Test
    void deepNestingIsRefusedWithoutOverflowingTheStack() throws ModelFormatException {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertEquals(Reason.BAD_JSON, assertThrows(ModelFormatException.class, () -> parse(deep)).reason());
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(parse(ok) instanceof List, "nesting up to the limit is fine");
    }
}
