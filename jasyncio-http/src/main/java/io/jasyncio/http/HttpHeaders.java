package io.jasyncio.http;

import io.jasyncio.http.internal.HeadersAccess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * An ordered, case-insensitive, multi-valued map of HTTP header fields (aiohttp's
 * {@code CIMultiDict}).
 *
 * <p>Fields keep the order in which they were added, and a name may occur several times ({@code
 * Set-Cookie}, {@code Via}). Names compare ASCII case-insensitively; each field keeps the spelling
 * it was added with. Every name must be an RFC 9110 token and no value may contain CR, LF or NUL, so
 * a header map can always be written to the wire without header injection.
 *
 * {@snippet :
 * var headers = HttpHeaders.create()
 *         .add("Accept", "text/html")
 *         .add("accept", "application/json")
 *         .set("Host", "example.org");
 * headers.allValues("ACCEPT"); // ["text/html", "application/json"]
 * headers.firstValue("host");  // Optional[example.org]
 * }
 *
 * <p>Lookups scan the fields: header maps are small, and a scan keeps the order exact.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: a header map belongs to one request or response, used by one task at a time.
 */
public final class HttpHeaders {

    static {
        // The parser checks fields itself, byte by byte; it adds them through this without a second check.
        HeadersAccess.install((headers, name, value) -> headers.fields.add(new Field(name, value)));
    }

    /** The fields in the order they were added; never holds an invalid name or value. */
    private final List<Field> fields = new ArrayList<>();

    private HttpHeaders() {}

    /** Returns a new, empty header map. */
    public static HttpHeaders create() {
        return new HttpHeaders();
    }

    /**
     * Adds a field after all existing ones, keeping any fields of the same name.
     *
     * @return this map
     * @throws IllegalArgumentException if {@code name} is not an RFC 9110 token or {@code value}
     *     contains CR, LF or NUL
     */
    public HttpHeaders add(String name, String value) {
        fields.add(new Field(checkName(name), checkValue(value)));
        return this;
    }

    /**
     * Replaces all fields named {@code name} with one field holding {@code value}. The new field
     * takes the place of the first existing one, or goes last if there was none.
     *
     * @return this map
     * @throws IllegalArgumentException if {@code name} is not an RFC 9110 token or {@code value}
     *     contains CR, LF or NUL
     */
    public HttpHeaders set(String name, String value) {
        var field = new Field(checkName(name), checkValue(value));
        int first = indexOf(name);
        if (first < 0) {
            fields.add(field);
        } else {
            fields.set(first, field);
            removeFrom(first + 1, name);
        }
        return this;
    }

    /** Returns the value of the first field named {@code name}, if any. */
    public Optional<String> firstValue(String name) {
        int index = indexOf(name);
        return index < 0 ? Optional.empty() : Optional.of(fields.get(index).value());
    }

    /** Returns the values of all fields named {@code name} in order; empty if there are none. */
    public List<String> allValues(String name) {
        Objects.requireNonNull(name, "name");
        var values = new ArrayList<String>();
        for (var field : fields) {
            if (field.hasName(name)) {
                values.add(field.value());
            }
        }
        return Collections.unmodifiableList(values);
    }

    /**
     * Removes all fields named {@code name}.
     *
     * @return whether any field was removed
     */
    public boolean remove(String name) {
        return removeFrom(0, name);
    }

    /** Returns whether at least one field is named {@code name}. */
    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /**
     * Returns the distinct field names in the order they first occur, each spelt as it was first
     * added.
     */
    public List<String> names() {
        var names = new ArrayList<String>();
        for (var field : fields) {
            if (names.stream().noneMatch(field::hasName)) {
                names.add(field.name());
            }
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * Calls {@code action} with the name and value of every field, in order (a repeated name once per value), without
     * building lists.
     */
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (var field : fields) {
            action.accept(field.name(), field.value());
        }
    }

    /** Returns the number of fields, counting every value of a repeated name. */
    public int size() {
        return fields.size();
    }

    /** Returns the fields in order, as {@code HttpHeaders[Name: value, ...]}. */
    @Override
    public String toString() {
        var text = new StringBuilder("HttpHeaders[");
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(fields.get(i).name()).append(": ").append(fields.get(i).value());
        }
        return text.append(']').toString();
    }

    private int indexOf(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).hasName(name)) {
                return i;
            }
        }
        return -1;
    }

    private boolean removeFrom(int start, String name) {
        Objects.requireNonNull(name, "name");
        var tail = fields.subList(start, fields.size());
        return tail.removeIf(field -> field.hasName(name));
    }

    /** Returns {@code name} if it is an RFC 9110 token: one or more {@code tchar}. */
    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isTokenChar(c)) {
                throw new IllegalArgumentException(
                        "header name \"" + printable(name) + "\" has an invalid character at index " + i
                                + " (RFC 9110 allows letters, digits and !#$%&'*+-.^_`|~)");
            }
        }
        return name;
    }

    /** Returns {@code value} if it holds no CR, LF or NUL (the characters that split a header). */
    private static String checkValue(String value) {
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= '\r' && (c == '\r' || c == '\n' || c == '\0')) {
                throw new IllegalArgumentException(
                        "header value \"" + printable(value) + "\" contains CR, LF or NUL at index " + i);
            }
        }
        return value;
    }

    /** {@code tchar} of RFC 9110 section 5.6.2, by ASCII code (names are checked on every header set). */
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private static boolean isTokenChar(char c) {
        return c < TCHAR.length && TCHAR[c];
    }

    /** Escapes control characters so that an error message stays on one line. */
    private static String printable(String text) {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** One header field: a valid token name and a value without CR, LF or NUL. */
    private record Field(String name, String value) {
        /**
         * ASCII case-insensitive. Not {@code equalsIgnoreCase}: that folds some non-ASCII letters
         * onto ASCII ones (KELVIN SIGN matches {@code k}), and a lookup must not find a field under
         * a name that could never have been added.
         */
        boolean hasName(String other) {
            if (name.length() != other.length()) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                if (toAsciiLower(name.charAt(i)) != toAsciiLower(other.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private static char toAsciiLower(char c) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
    }
}
