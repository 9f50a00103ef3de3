package dev.vecmlp.cli.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.vecmlp.errors.InvalidConfigurationException;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Settings for {@code train} from a small file given with {@code --config}: a properties file
 * ({@code key=value}) or, when it ends in {@code .json}, a flat JSON object. Keys are the long
 * option names without the dashes ({@code layers}, {@code lr}, {@code epochs}, {@code batch} ...).
 * Options given on the command line win over the file; the file wins over built-in defaults.
 * Relative paths in the file are resolved against the file's own directory, so a config file
 * and its data can move together.
 *
 * <pre>
 * layers=256:relu,128:relu
 * output=softmax
 * lr=0.1
 * epochs=10
 * </pre>
 */
public final class ConfigFile {
    /** The option that names the file. */
    public static final String OPTION = "--config";

    private ConfigFile() {
    }

    /**
     * When {@code args} name a config file for a command that takes one, reads it and makes its
     * values that command's defaults.
     *
     * @throws ParameterException when a key is not an option of the command, or the file is not
     *                            valid JSON or properties (usage errors)
     * @throws IOException        when the file cannot be read
     */
    public static void install(CommandLine root, String[] args) throws IOException {
        String file = null;
        CommandLine target = null;
        for (int i = 0; i < args.length; i++) {
            if (target == null && root.getSubcommands().containsKey(args[i])) {
                target = root.getSubcommands().get(args[i]);
            } else if (args[i].equals(OPTION) && i + 1 < args.length) {
                file = args[i + 1];
            } else if (args[i].startsWith(OPTION + "=")) {
                file = args[i].substring(OPTION.length() + 1);
            }
        }
        if (file == null || target == null || target.getCommandSpec().findOption(OPTION) == null) {
            return;
        }
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new IOException(file + ": expected a settings file, found a directory");
        }
        Map<String, String> values;
        try {
            values = read(path);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(target, e.getMessage());
        }
        Path base = path.toAbsolutePath().getParent();
        Map<String, OptionSpec> byKey = new LinkedHashMap<>();
        for (OptionSpec option : target.getCommandSpec().options()) {
            String longest = option.longestName();
            if (longest.startsWith("--") && !longest.equals(OPTION)) {
                byKey.put(longest.substring(2), option);
            }
        }
        for (String key : values.keySet()) {
            if (!byKey.containsKey(key)) {
                throw new ParameterException(target, file + ": unknown setting '" + key + "', expected one of "
                        + new TreeSet<>(byKey.keySet()));
            }
        }
        target.setDefaultValueProvider(option -> {
            if (option instanceof OptionSpec) {
                String longest = ((OptionSpec) option).longestName();
                String value = longest.startsWith("--") ? values.get(longest.substring(2)) : null;
                if (value != null && option.type() == Path.class && !value.isBlank() && !Path.of(value).isAbsolute()) {
                    return base.resolve(value).normalize().toString();
                }
                return value;
            }
            return null;
        });
    }

    /**
     * The file's settings as strings, key by key.
     *
     * @throws InvalidConfigurationException when the content is not a settings file: bytes that
     *                                       are not UTF-8, invalid JSON or a JSON value other than a
     *                                       flat object, a malformed {@code \\u} escape in a
     *                                       properties file (the message names the file and the line)
     * @throws IOException                   when the file cannot be read
     */
    public static Map<String, String> read(Path file) throws IOException {
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder())) {
            return read(reader, file.toString());
        }
    }

    /** Reads settings from {@code reader}; {@code name} ending in {@code .json} means JSON, else properties. */
    static Map<String, String> read(Reader reader, String name) throws IOException {
        // The whole file is read first (settings files are small), so errors can name their line.
        String text;
        try {
            text = readAll(reader);
        } catch (CharacterCodingException e) {
            throw new InvalidConfigurationException(name + ": expected UTF-8 text, found bytes that are not (" + e + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
            JsonElement root;
            try {
                root = JsonParser.parseString(text);
            } catch (JsonParseException e) {
                throw new InvalidConfigurationException(name + ": expected a JSON object of settings, found malformed JSON: "
                        + jsonProblem(e));
            }
            if (!root.isJsonObject()) {
                throw new InvalidConfigurationException(name + ": expected a JSON object of settings, found "
                        + abbreviate(root.toString()));
            }
            for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
                if (!e.getValue().isJsonPrimitive()) {
                    throw new InvalidConfigurationException(name + ": setting '" + abbreviate(e.getKey())
                            + "': expected a string, number or boolean, found " + abbreviate(e.getValue().toString()));
                }
                values.put(e.getKey(), e.getValue().getAsString());
            }
        } else {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(name + ": line " + badEscapeLine(text)
                        + ": expected \\u followed by 4 hex digits, found a malformed escape (" + e.getMessage() + ")");
            }
            for (String key : properties.stringPropertyNames()) {
                values.put(key, properties.getProperty(key).trim());
            }
        }
        return values;
    }

    /** Gson's account of a syntax error without its exception class names and troubleshooting URL. */
    private static String jsonProblem(JsonParseException e) {
        Throwable t = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String message = t.getMessage() == null ? "a syntax error" : t.getMessage();
        int see = message.indexOf("\nSee ");
        message = see >= 0 ? message.substring(0, see) : message;
        message = message.replaceAll("(?i)See https?://\\S+", "").replaceAll("com\\.google\\.gson\\.[A-Za-z.]+: ", "");
        message = message.replaceAll(" path \\$[^ ]*$", "").trim();
        return message.isEmpty() ? "a syntax error" : message;
    }

    private static String readAll(Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        int n;
        while ((n = reader.read(buffer)) > 0) {
            text.append(buffer, 0, n);
        }
        return text.toString();
    }

    /** The 1-based line of the first {@code \\u} not followed by four hex digits (the properties format's one error). */
    private static int badEscapeLine(String text) {
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '\\' && i + 1 < text.length()) {
                if (text.charAt(i + 1) == 'u' && !hex4(text, i + 2)) {
                    return line;
                }
                i++; // an escaped character: skip it (an escaped line break continues the line, still counted)
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
        }
        return line;
    }

    private static boolean hex4(String text, int at) {
        if (at + 4 > text.length()) {
            return false;
        }
        for (int i = at; i < at + 4; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "... (" + text.length() + " characters)";
    }
}
