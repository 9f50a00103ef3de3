package dev.vecmlp.cli.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.testing.FuzzCorpus;
import dev.vecmlp.testing.FuzzProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzz target (Jazzer) for the {@code --config} file reader, properties and
 * JSON: the first input byte chooses the format (odd: JSON), the rest is the file's bytes.
 * Property ({@link FuzzProperty}): the settings load, or the reader throws
 * {@link InvalidConfigurationException}, allocating at most {@link #BYTES_PER_BYTE} bytes per
 * input byte plus {@link #FIXED_BYTES}, within the time limit. Corpus:
 * {@code src/test/resources/dev/vecmlp/cli/data/ConfigFileFuzzTestInputs/configFile}; fuzz with
 * {@code tools/fuzz.sh config}.
 */
class ConfigFileFuzzTest {
    /** Decoded text (2 bytes a char, copied while reading), the parser's tree, and the map of strings. */
    static final long BYTES_PER_BYTE = 512;
    static final long FIXED_BYTES = 1L << 20;

    @FuzzTest(maxDuration = FuzzProperty.CAMPAIGN)
    void configFile(byte[] input) {
        boolean json = input.length > 0 && (input[0] & 1) != 0;
        byte[] file = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        FuzzProperty.check(file, BYTES_PER_BYTE, FIXED_BYTES, () -> ConfigFile.read(
                new InputStreamReader(new ByteArrayInputStream(file), StandardCharsets.UTF_8.newDecoder()),
                json ? "fuzz.json" : "fuzz.properties"), InvalidConfigurationException.class);
    }

    @Test
    void seedsAreCommittedAndValid() throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("configFile/seed-properties", switched(0, "# a comment\nlayers=256:relu,128:relu\noutput = softmax\n"
                + "lr: 0.1\nepochs\t10\nname=caf\\u00e9 \\\n  continued\n"));
        seeds.put("configFile/seed-json", switched(1, "{\"layers\": \"64:relu\", \"lr\": 0.05, \"epochs\": 3, "
                + "\"shuffle\": true, \"note\": \"\\u00e9\\n\"}"));
        FuzzCorpus.checkOrWrite(ConfigFileFuzzTest.class, seeds);
    }

    @Test
    void badContentIsAnInvalidConfigurationNamingTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path props = Files.writeString(dir.resolve("run.properties"), "lr=0.1\nepochs=\\u12x4\n");
        InvalidConfigurationException escape = assertThrows(InvalidConfigurationException.class, () -> ConfigFile.read(props));
        assertTrue(escape.getMessage().startsWith(props + ": line 2: expected \\u followed by 4 hex digits"),
                escape.getMessage());
        Path latin = Files.write(dir.resolve("latin.properties"), new byte[]{'l', 'r', '=', (byte) 0xe9});
        InvalidConfigurationException bytes = assertThrows(InvalidConfigurationException.class, () -> ConfigFile.read(latin));
        assertTrue(bytes.getMessage().startsWith(latin + ": expected UTF-8 text"), bytes.getMessage());
        Path broken = Files.writeString(dir.resolve("run.json"), "{\"lr\": 0.1,\n \"epochs\": }");
        InvalidConfigurationException json = assertThrows(InvalidConfigurationException.class, () -> ConfigFile.read(broken));
        assertTrue(json.getMessage().startsWith(broken + ": expected a JSON object of settings, found malformed JSON")
                && json.getMessage().contains("line 2"), json.getMessage());
        Path array = Files.writeString(dir.resolve("array.json"), "[1, 2]");
        InvalidConfigurationException notObject = assertThrows(InvalidConfigurationException.class, () -> ConfigFile.read(array));
        assertEquals(array + ": expected a JSON object of settings, found [1,2]", notObject.getMessage());
        assertEquals(Map.of("lr", "0.1"), ConfigFile.read(Files.writeString(dir.resolve("ok.json"), "{\"lr\": 0.1}")));
    }

    private static byte[] switched(int switchByte, String content) {
        byte[] text = content.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[text.length + 1];
        out[0] = (byte) switchByte;
        System.arraycopy(text, 0, out, 1, text.length);
        return out;
    }
}
