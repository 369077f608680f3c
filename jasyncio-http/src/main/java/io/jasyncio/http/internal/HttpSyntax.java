package io.jasyncio.http.internal;

/**
 * Byte classes of HTTP/1.1 (RFC 9110 section 5.6, RFC 9112) as table lookups, and helpers for error messages.
 *
 * <p>Stateless; safe from any thread.
 */
public final class HttpSyntax {

    private static final byte TOKEN = 1;
    /** VCHAR or obs-text: a field value byte other than whitespace. */
    private static final byte FIELD_VCHAR = 2;
    /** A byte of a request target: VCHAR only (no obs-text, no whitespace). */
    private static final byte TARGET = 4;
    /** A byte of a quoted-string other than DQUOTE and backslash (qdtext without whitespace). */
    private static final byte QDTEXT = 8;
    /** A field value byte: VCHAR, obs-text, SP or HTAB. */
    private static final byte FIELD_VALUE = 16;

    private static final byte[] CLASSES = new byte[256];

    static {
        for (int b = 0x21; b <= 0xff; b++) {
            if (b != 0x7f) {
                CLASSES[b] |= FIELD_VCHAR;
                if (b != '"' && b != '\\') {
                    CLASSES[b] |= QDTEXT;
                }
            }
            if (b < 0x7f) {
                CLASSES[b] |= TARGET;
            }
        }
        for (int b = 0; b < 256; b++) {
            if ((CLASSES[b] & FIELD_VCHAR) != 0 || b == ' ' || b == '\t') {
                CLASSES[b] |= FIELD_VALUE;
            }
        }
        for (int b = '0'; b <= '9'; b++) {
            CLASSES[b] |= TOKEN;
        }
        for (int b = 'a'; b <= 'z'; b++) {
            CLASSES[b] |= TOKEN;
            CLASSES[b - 'a' + 'A'] |= TOKEN;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            CLASSES[c] |= TOKEN;
        }
    }

    private HttpSyntax() {}

    /** Returns whether {@code b} is a {@code tchar} (RFC 9110 section 5.6.2). */
    public static boolean isToken(byte b) {
        return (CLASSES[b & 0xff] & TOKEN) != 0;
    }

    /** Returns whether {@code b} may appear in a field value: VCHAR, obs-text, SP or HTAB. */
    public static boolean isFieldValue(byte b) {
        return (CLASSES[b & 0xff] & FIELD_VALUE) != 0;
    }

    /**
     * Returns the index of the first byte in {@code bytes[from, to)} that may not appear in a field value (CR, LF,
     * another control character), or {@code to}.
     */
    public static int skipFieldValue(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && (CLASSES[bytes[i] & 0xff] & FIELD_VALUE) != 0) {
            i++;
        }
        return i;
    }

    /** Returns whether {@code b} may appear in a request target: a visible ASCII character. */
    public static boolean isTarget(byte b) {
        return (CLASSES[b & 0xff] & TARGET) != 0;
    }

    /** Returns whether {@code b} may appear unescaped in a quoted-string: qdtext (SP and HTAB included). */
    public static boolean isQuotedText(byte b) {
        return (CLASSES[b & 0xff] & QDTEXT) != 0 || b == ' ' || b == '\t';
    }

    /** Returns whether {@code b} may follow a backslash in a quoted-string (quoted-pair). */
    public static boolean isQuotable(byte b) {
        return (CLASSES[b & 0xff] & FIELD_VCHAR) != 0 || b == ' ' || b == '\t';
    }

    /** Returns whether {@code b} is SP or HTAB (optional whitespace, OWS). */
    public static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Returns the value of hex digit {@code b}, or -1. */
    public static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /**
     * Returns whether {@code bytes[start, end)} equals the lower-case ASCII {@code lowerName}, ignoring ASCII case.
     */
    public static boolean equalsIgnoreCase(byte[] bytes, int start, int end, String lowerName) {
        if (end - start != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            int b = bytes[start + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Describes byte {@code b} for an error message: {@code 'x'} when printable, {@code 0x0d} otherwise. */
    public static String describe(byte b) {
        int v = b & 0xff;
        return v > 0x20 && v < 0x7f ? "'" + (char) v + "'" : String.format("0x%02x", v);
    }
}
