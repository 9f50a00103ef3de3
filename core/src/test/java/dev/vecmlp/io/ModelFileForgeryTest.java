package dev.vecmlp.io;

import dev.vecmlp.io.FileForge.Section;
import dev.vecmlp.io.ModelFormatException.Reason;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;

import static dev.vecmlp.io.ModelFilesTest.assertSameModel;
import static dev.vecmlp.io.ModelFilesTest.reasonOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files with a valid checksum but forged content: absurd sizes, unknown codes, missing or
 * repeated sections. Each is refused with its reason before anything is allocated from the
 * forged numbers (the sizes below would need gigabytes to terabytes if they were believed).
 */
class ModelFileForgeryTest {
    private static final byte[] GOOD = ModelFiles.toBytes(ModelFilesTest.sample(0), Map.of("name", "x", "k", "v"));

    private static FileForge forge() {
        return new FileForge(GOOD);
    }

    private static ModelFormatException refusal(byte[] forged) {
        return assertThrows(ModelFormatException.class, () -> ModelFiles.fromBytes(forged));
    }

    @Test
    void theForgeRebuildsTheOriginalExactly() throws ModelFormatException {
        assertTrue(Arrays.equals(GOOD, forge().build()));
        assertSameModel(ModelFilesTest.sample(0), ModelFiles.fromBytes(forge().build()).model());
    }

    @Test
    void absurdCountsAreRefusedBeforeAllocating() {
        FileForge f = forge();
        f.section("PARM").le().putLong(0, 1L << 40);
        ModelFormatException e = refusal(f.build());
        assertEquals(Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().contains("1099511627776"), e.getMessage());

        f = forge();
        f.section("PARM").le().putLong(0, -1L);
        assertEquals(Reason.MALFORMED, refusal(f.build()).reason());

        f = forge();
        f.section("ARCH").le().putInt(4, -1); // 4,294,967,295 layers
        assertEquals(Reason.MALFORMED, refusal(f.build()).reason());

        f = forge();
        f.section("ARCH").le().putInt(8, Integer.MAX_VALUE); // first layer 2^31 - 1 units wide
        assertEquals(Reason.MALFORMED, refusal(f.build()).reason());

        f = forge();
        f.section("ARCH").le().putInt(0, Integer.MAX_VALUE); // input width 2^31 - 1
        assertEquals(Reason.MALFORMED, refusal(f.build()).reason());

        f = forge();
        f.section("meta").le().putInt(0, Integer.MAX_VALUE); // entry count
        assertEquals(Reason.MALFORMED, refusal(f.build()).reason());

        f = forge();
        f.section("meta").le().putInt(4, -1); // first key: 4 GiB long
        assertEquals(Reason.MALFORMED, refusal(f.build()).reason());

        f = forge();
        f.section("SCAL").le().putInt(0, Integer.MAX_VALUE);
        assertEquals(Reason.MALFORMED, refusal(f.build()).reason());
    }

    @Test
    void aSectionLongerThanTheFileIsRefused() {
        byte[] forged = GOOD.clone();
        ByteBuffer.wrap(forged).order(ByteOrder.LITTLE_ENDIAN).putLong(ModelCodec.HEADER_BYTES + 4, 1L << 50);
        assertEquals(Reason.MALFORMED, refusal(FileForge.withChecksum(forged)).reason());
        ByteBuffer.wrap(forged).order(ByteOrder.LITTLE_ENDIAN).putLong(ModelCodec.HEADER_BYTES + 4, -8L);
        assertEquals(Reason.MALFORMED, refusal(FileForge.withChecksum(forged)).reason());
    }

    @Test
    void aHugeDeclaredLengthIsRefusedWithoutReadingOrAllocatingIt() {
        byte[] forged = GOOD.clone();
        ByteBuffer.wrap(forged).order(ByteOrder.LITTLE_ENDIAN).putLong(16, 1L << 40);
        assertEquals(Reason.TRUNCATED, refusal(forged).reason());
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFiles.read(new ByteArrayInputStream(forged)));
        assertEquals(Reason.TOO_LARGE, e.reason());
    }

    @Test
    void badCodesAndCombinationsAreInvalidValues() {
        FileForge f = forge();
        f.section("ARCH").le().putInt(12, 99); // activation of layer 0
        ModelFormatException e = refusal(f.build());
        assertEquals(Reason.INVALID_VALUE, e.reason());
        assertTrue(e.getMessage().contains("found 99"), e.getMessage());

        f = forge();
        f.section("ARCH").le().putInt(12, 4); // softmax on a hidden layer
        assertEquals(Reason.INVALID_VALUE, refusal(f.build()).reason());

        f = forge();
        byte[] arch = f.section("ARCH").payload;
        f.section("ARCH").le().putInt(arch.length - 4, 2); // binary cross-entropy with a softmax output
        assertEquals(Reason.INVALID_VALUE, refusal(f.build()).reason());

        f = forge();
        f.section("PARM").le().putFloat(8 + 4 * 3, Float.NaN);
        e = refusal(f.build());
        assertEquals(Reason.INVALID_VALUE, e.reason());
        assertTrue(e.getMessage().contains("layer 0 weights"), e.getMessage());

        f = forge();
        f.section("SCAL").le().putFloat(4 + 4 * 6 + 4, Float.POSITIVE_INFINITY); // a scale
        assertEquals(Reason.INVALID_VALUE, refusal(f.build()).reason());

        f = forge();
        f.section("ARCH").le().putInt(0, 0); // input width 0
        assertEquals(Reason.MALFORMED, refusal(f.build()).reason());
    }

    @Test
    void sectionsMustBeKnownPresentAndSingle() throws ModelFormatException {
        FileForge f = forge();
        f.sections.add(new Section("XTRA", new byte[3]));
        ModelFormatException e = refusal(f.build());
        assertEquals(Reason.UNKNOWN_CRITICAL_SECTION, e.reason());
        assertTrue(e.getMessage().contains("XTRA"), e.getMessage());

        f = forge();
        f.sections.add(1, new Section("xtra", new byte[]{1, 2, 3}));
        ModelFile read = ModelFiles.fromBytes(f.build()); // ancillary: skipped
        assertSameModel(ModelFilesTest.sample(0), read.model());

        f = forge();
        f.sections.remove(f.section("PARM"));
        assertEquals(Reason.MISSING_SECTION, refusal(f.build()).reason());

        f = forge();
        f.sections.add(f.section("ARCH"));
        assertEquals(Reason.MALFORMED, refusal(f.build()).reason());

        f = forge();
        f.section("ARCH").tag = "AR\u0000H";
        assertEquals(Reason.MALFORMED, refusal(f.build()).reason());

        f = forge();
        f.section("ARCH").payload = Arrays.copyOf(f.section("ARCH").payload, f.section("ARCH").payload.length + 4);
        e = refusal(f.build());
        assertEquals(Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().contains("unread"), e.getMessage());
    }

    @Test
    void metadataMustBeUtf8WithoutRepeatedKeys() {
        FileForge f = forge();
        byte[] meta = f.section("meta").payload;
        meta[8] = (byte) 0xC3; // "name" -> a lone lead byte: not UTF-8
        assertEquals(Reason.MALFORMED, refusal(f.build()).reason());

        f = forge();
        ByteWriter w = new ByteWriter(32);
        w.u32(2);
        w.string("n");
        w.string("x");
        w.string("n");
        w.string("v");
        f.section("meta").payload = w.toByteArray();
        assertEquals(Reason.MALFORMED, refusal(f.build()).reason());
    }

    @Test
    void nonZeroHeaderFlagsAreRefused() {
        byte[] forged = GOOD.clone();
        forged[12] = 1;
        assertEquals(Reason.MALFORMED, reasonOf(FileForge.withChecksum(forged)));
    }
}
