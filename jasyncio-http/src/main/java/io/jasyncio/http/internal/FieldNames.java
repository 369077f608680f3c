package io.jasyncio.http.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared strings for the field names most heads carry, so that parsing {@code Host: …} allocates no string for
 * "Host". A name is shared only when its bytes match exactly (the spelling received is kept).
 *
 * <p>Immutable after class initialisation; safe from any thread.
 */
final class FieldNames {

    private static final String[] COMMON = {
        "Host",
        "User-Agent",
        "Accept",
        "Accept-Language",
        "Accept-Encoding",
        "Accept-Charset",
        "Connection",
        "Keep-Alive",
        "Cookie",
        "Content-Length",
        "Content-Type",
        "Transfer-Encoding",
        "Date",
        "Server",
        "Referer",
        "Origin",
        "Cache-Control",
        "Pragma",
        "Upgrade",
        "Authorization",
        "If-None-Match",
        "If-Modified-Since",
        "Range",
        "Expect",
        "Location",
        "Set-Cookie",
        "ETag",
        "Last-Modified",
        "Vary",
        "X-Forwarded-For",
        "Upgrade-Insecure-Requests",
        "Sec-Fetch-Dest",
        "Sec-Fetch-Mode",
        "Sec-Fetch-Site",
        "Priority",
        "DNT",
        "host",
        "user-agent",
        "accept",
        "accept-encoding",
        "accept-language",
        "connection",
        "cookie",
        "content-length",
        "content-type",
        "transfer-encoding",
        "date",
        "server",
        "authorization"
    };

    /** The common names by length, as bytes and strings. */
    private static final byte[][][] BYTES_BY_LENGTH;

    private static final String[][] NAMES_BY_LENGTH;

    static {
        int longest = 0;
        for (String name : COMMON) {
            longest = Math.max(longest, name.length());
        }
        var byLength = new ArrayList<List<String>>();
        for (int i = 0; i <= longest; i++) {
            byLength.add(new ArrayList<>());
        }
        for (String name : COMMON) {
            byLength.get(name.length()).add(name);
        }
        BYTES_BY_LENGTH = new byte[longest + 1][][];
        NAMES_BY_LENGTH = new String[longest + 1][];
        for (int i = 0; i <= longest; i++) {
            var names = byLength.get(i);
            NAMES_BY_LENGTH[i] = names.toArray(String[]::new);
            BYTES_BY_LENGTH[i] = new byte[names.size()][];
            for (int j = 0; j < names.size(); j++) {
                BYTES_BY_LENGTH[i][j] = names.get(j).getBytes(StandardCharsets.US_ASCII);
            }
        }
    }

    private FieldNames() {}

    /** Returns the name at {@code bytes[start, end)}: a shared string for a common one, else a new string. */
    static String name(byte[] bytes, int start, int end) {
        int length = end - start;
        if (length < BYTES_BY_LENGTH.length) {
            byte[][] candidates = BYTES_BY_LENGTH[length];
            for (int i = 0; i < candidates.length; i++) {
                if (matches(candidates[i], bytes, start)) {
                    return NAMES_BY_LENGTH[length][i];
                }
            }
        }
        return HttpParser.latin1(bytes, start, end);
    }

    private static boolean matches(byte[] name, byte[] bytes, int start) {
        for (int i = 0; i < name.length; i++) {
            if (name[i] != bytes[start + i]) {
                return false;
            }
        }
        return true;
    }
}
