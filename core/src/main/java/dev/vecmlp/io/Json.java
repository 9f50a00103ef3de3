package dev.vecmlp.io;

import dev.vecmlp.io.ModelFormatException.Reason;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader and string writer for safetensors headers, so the core
 * module needs no JSON library. Objects become ordered maps, arrays lists, strings strings,
 * numbers {@link Number} records holding their exact text, {@code true}/{@code false} booleans
 * and {@code null} the {@link #NULL} marker. Strict: no comments, no trailing commas, no
 * single quotes, no leading zeros or bare control characters, no repeated keys, nesting at most
 * {@link #MAX_DEPTH} deep (so a forged header cannot overflow the stack). Every error is a
 * {@link ModelFormatException} with {@link Reason#BAD_JSON} naming the character position.
 */
final class Json {
    static final int MAX_DEPTH = 64;
    /** The JSON {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A JSON number, kept as its text so integers of any size are read exactly. */
    record Number(String text) {
        boolean isInteger() {
            return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        }
    }

    private final String s;
    private final String context;
    private int pos;

    private Json(String s, String context) {
        this.s = s;
        this.context = context;
    }

    /** Parses one JSON value filling all of {@code text} (surrounding whitespace allowed). */
    static Object parse(String text, String context) throws ModelFormatException {
        Json p = new Json(text, context);
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("the end of the JSON text", "'" + text.charAt(p.pos) + "'");
        }
        return v;
    }

    private ModelFormatException error(String expected, String found) {
        return new ModelFormatException(Reason.BAD_JSON, context + " at character " + pos + ": expected " + expected
                + ", found " + found);
    }

    private String here() {
        return pos < s.length() ? "'" + printable(s.charAt(pos)) + "'" : "the end of the text";
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private Object value(int depth) throws ModelFormatException {
        if (depth > MAX_DEPTH) {
            throw error("at most " + MAX_DEPTH + " levels of nesting", "more");
        }
        skipWhitespace();
        if (pos >= s.length()) {
            throw error("a value", "the end of the text");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", NULL);
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                throw error("a value", here());
        }
    }

    private Object literal(String word, Object value) throws ModelFormatException {
        if (!s.startsWith(word, pos)) {
            throw error("'" + word + "'", here());
        }
        pos += word.length();
        return value;
    }

    private Map<String, Object> object(int depth) throws ModelFormatException {
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < s.length() && s.charAt(pos) == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (pos >= s.length() || s.charAt(pos) != '"') {
                throw error("a key string", here());
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            if (pos >= s.length() || s.charAt(pos) != ':') {
                throw error("':'", here());
            }
            pos++;
            Object v = value(depth + 1);
            if (map.put(key, v) != null) {
                pos = keyAt;
                throw error("unique keys", "\"" + key + "\" a second time");
            }
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
            } else if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return Collections.unmodifiableMap(map);
            } else {
                throw error("',' or '}'", here());
            }
        }
    }

    private List<Object> array(int depth) throws ModelFormatException {
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (pos < s.length() && s.charAt(pos) == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            list.add(value(depth + 1));
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
            } else if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            } else {
                throw error("',' or ']'", here());
            }
        }
    }

    private String string() throws ModelFormatException {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("a closing '\"'", "the end of the text");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("an escaped control character", here());
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            pos++;
            if (pos >= s.length()) {
                throw error("an escape character", "the end of the text");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u': {
                    if (pos + 4 > s.length()) {
                        throw error("4 hex digits after \\u", "the end of the text");
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(pos), 16);
                        if (d < 0) {
                            throw error("a hex digit", here());
                        }
                        v = v * 16 + d;
                        pos++;
                    }
                    sb.append((char) v);
                    break;
                }
                default:
                    pos--;
                    throw error("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u", here());
            }
        }
    }

    private Number number() throws ModelFormatException {
        int start = pos;
        if (s.charAt(pos) == '-') {
            pos++;
        }
        if (pos < s.length() && s.charAt(pos) == '0') {
            pos++;
        } else if (pos < s.length() && s.charAt(pos) >= '1' && s.charAt(pos) <= '9') {
            digits();
        } else {
            throw error("a digit", here());
        }
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            if (digits() == 0) {
                throw error("a digit after '.'", here());
            }
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw error("a digit in the exponent", here());
            }
        }
        return new Number(s.substring(start, pos));
    }

    private int digits() {
        int n = 0;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------- writing

    /** {@code value} as a JSON string literal, quotes included. */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
