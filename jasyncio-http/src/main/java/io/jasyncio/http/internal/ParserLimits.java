package io.jasyncio.http.internal;

/**
 * Size limits of an {@link HttpParser}: what one peer may make the other buffer before a message's body.
 *
 * @param maxStartLine the longest request or status line, in bytes without CRLF (over it: 414 for a request)
 * @param maxFieldLine the longest header, trailer or chunk-size line, in bytes without CRLF (over it: 431)
 * @param maxFields the most header fields in a head, and separately trailer fields (over it: 431)
 */
public record ParserLimits(int maxStartLine, int maxFieldLine, int maxFields) {

    /** 8 KiB lines and 100 fields, as for aiohttp's and most servers' defaults. */
    public static final ParserLimits DEFAULTS = new ParserLimits(8192, 8192, 100);

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException if a limit is not positive
     */
    public ParserLimits {
        if (maxStartLine <= 0 || maxFieldLine <= 0 || maxFields <= 0) {
            throw new IllegalArgumentException(
                    "limits must be positive: " + maxStartLine + ", " + maxFieldLine + ", " + maxFields);
        }
    }
}
