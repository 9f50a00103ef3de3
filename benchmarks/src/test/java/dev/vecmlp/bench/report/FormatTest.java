package dev.vecmlp.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormatTest {

    @Test
    void compactRatesKeepThreeSignificantDigits() {
        assertEquals("812", Format.compact(812.4));
        assertEquals("50.5k", Format.compact(50_500));
        assertEquals("1.23M", Format.compact(1_234_567));
        assertEquals("4.00G", Format.compact(4e9));
        assertEquals("–", Format.compact(Double.NaN));
    }

    @Test
    void ratiosPercentagesAndBytes() {
        assertEquals("20.0x", Format.ratio(20));
        assertEquals("0.448x", Format.ratio(0.448));
        assertEquals("–", Format.ratio(Double.POSITIVE_INFINITY));
        assertEquals("52%", Format.percent(0.524));
        assertEquals("0.4%", Format.percent(0.004));
        assertEquals("0.0", Format.bytesPerOp(0, 1));
        assertEquals("⚠ 1.5", Format.bytesPerOp(1.5, 1));
        assertEquals("⚠ 1.34k", Format.bytesPerOp(1340, 1));
        assertEquals("7 min 20 s", Format.duration(440));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Stats.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }

    @Test
    void markdownTablesAlignNumbersRightAndEscapePipes() {
        MarkdownTable t = new MarkdownTable("name", ">value");
        t.add("a|b", "1");
        assertEquals("| name | value |\n|---|---:|\n| a\\|b | 1 |\n", t.render());
    }
}
