package io.jasyncio.http.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reason phrases of the registered status codes (RFC 9110 section 15). Immutable. */
final class Statuses {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Continue"),
            Map.entry(101, "Switching Protocols"),
            Map.entry(200, "OK"),
            Map.entry(201, "Created"),
            Map.entry(202, "Accepted"),
            Map.entry(203, "Non-Authoritative Information"),
            Map.entry(204, "No Content"),
            Map.entry(205, "Reset Content"),
            Map.entry(206, "Partial Content"),
            Map.entry(300, "Multiple Choices"),
            Map.entry(301, "Moved Permanently"),
            Map.entry(302, "Found"),
            Map.entry(303, "See Other"),
            Map.entry(304, "Not Modified"),
            Map.entry(307, "Temporary Redirect"),
            Map.entry(308, "Permanent Redirect"),
            Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"),
            Map.entry(410, "Gone"),
            Map.entry(411, "Length Required"),
            Map.entry(412, "Precondition Failed"),
            Map.entry(413, "Content Too Large"),
            Map.entry(414, "URI Too Long"),
            Map.entry(415, "Unsupported Media Type"),
            Map.entry(416, "Range Not Satisfiable"),
            Map.entry(417, "Expectation Failed"),
            Map.entry(422, "Unprocessable Content"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"),
            Map.entry(505, "HTTP Version Not Supported"));

    private Statuses() {}

    /** The reason phrases by code (100–599), for a lookup without boxing on every response. */
    private static final String[] BY_CODE = new String[600];

    /** The status lines {@code HTTP/1.1 code reason CRLF} of the registered codes, encoded once. */
    private static final byte[][] STATUS_LINES = new byte[600][];

    static {
        REASONS.forEach((code, reason) -> {
            BY_CODE[code] = reason;
            STATUS_LINES[code] = statusLineOf(code, reason);
        });
    }

    /** Returns the reason phrase of {@code status}, or an empty string for an unregistered one. */
    static String reason(int status) {
        String reason = status >= 0 && status < BY_CODE.length ? BY_CODE[status] : null;
        return reason != null ? reason : "";
    }

    /** Returns the HTTP/1.1 status line of {@code status} with {@code reason}, from the cache when it is the usual one. */
    static byte[] statusLine(int status, String reason) {
        byte[] cached = status >= 0 && status < STATUS_LINES.length ? STATUS_LINES[status] : null;
        return cached != null && reason.equals(BY_CODE[status]) ? cached : statusLineOf(status, reason);
    }

    private static byte[] statusLineOf(int status, String reason) {
        return ("HTTP/1.1 " + status + " " + reason + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
