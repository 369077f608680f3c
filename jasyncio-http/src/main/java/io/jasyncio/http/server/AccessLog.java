package io.jasyncio.http.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Formats one access log line per request and logs it through {@code System.Logger}
 * ({@code io.jasyncio.http.access}, level INFO). The format takes aiohttp's (Apache's) directives: {@code %a}
 * client address, {@code %t} time, {@code %r} request line, {@code %s} status, {@code %b} body bytes sent,
 * {@code %T} seconds, {@code %Tf} seconds with fractions, {@code %D} microseconds, {@code %{Name}i} a request
 * header, {@code %{Name}o} a response header, {@code %%} a percent sign. Immutable; shared by worker loops.
 */
public final class AccessLog {

    private static final System.Logger LOG = System.getLogger("io.jasyncio.http.access");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'", Locale.ROOT);

    /** One directive or literal. */
    private interface Part {
        void append(StringBuilder out, Request request, StreamResponse response, long bytes, long nanos);
    }

    private final List<Part> parts;

    private AccessLog(List<Part> parts) {
        this.parts = parts;
    }

    /**
     * Compiles a format.
     *
     * @throws IllegalArgumentException for an unknown directive
     */
    public static AccessLog compile(String format) {
        var parts = new ArrayList<Part>();
        var literal = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                literal.append(c);
                continue;
            }
            char d = format.charAt(++i);
            if (d == '%') {
                literal.append('%');
                continue;
            }
            if (!literal.isEmpty()) {
                String text = literal.toString();
                parts.add((out, rq, rs, b, n) -> out.append(text));
                literal.setLength(0);
            }
            switch (d) {
                case 'a' -> parts.add((out, rq, rs, b, n) -> out.append(address(rq.remoteAddress())));
                case 't' ->
                    parts.add(
                            (out, rq, rs, b, n) -> out.append(TIME.format(ZonedDateTime.now(ZoneId.systemDefault()))));
                case 'r' ->
                    parts.add((out, rq, rs, b, n) -> out.append(rq.head().requestLine()));
                case 's' -> parts.add((out, rq, rs, b, n) -> out.append(rs.status()));
                case 'b' -> parts.add((out, rq, rs, b, n) -> out.append(b));
                case 'D' -> parts.add((out, rq, rs, b, n) -> out.append(n / 1000));
                case 'T' -> {
                    if (i + 1 < format.length() && format.charAt(i + 1) == 'f') {
                        i++;
                        parts.add((out, rq, rs, b, n) -> out.append(String.format(Locale.ROOT, "%.6f", n / 1e9)));
                    } else {
                        parts.add((out, rq, rs, b, n) -> out.append(n / 1_000_000_000L));
                    }
                }
                case '{' -> {
                    int close = format.indexOf('}', i);
                    if (close < 0 || close + 1 >= format.length()) {
                        throw new IllegalArgumentException("unterminated %{...} in access log format");
                    }
                    String name = format.substring(i + 1, close);
                    char kind = format.charAt(close + 1);
                    i = close + 1;
                    if (kind == 'i') {
                        parts.add((out, rq, rs, b, n) ->
                                out.append(rq.header(name).orElse("-")));
                    } else if (kind == 'o') {
                        parts.add((out, rq, rs, b, n) ->
                                out.append(rs.headers().firstValue(name).orElse("-")));
                    } else {
                        throw new IllegalArgumentException("unknown access log directive %{" + name + "}" + kind);
                    }
                }
                default -> throw new IllegalArgumentException("unknown access log directive %" + d);
            }
        }
        if (!literal.isEmpty()) {
            String text = literal.toString();
            parts.add((out, rq, rs, b, n) -> out.append(text));
        }
        return new AccessLog(List.copyOf(parts));
    }

    /** Returns whether lines would be logged at all (INFO enabled). */
    static boolean enabled() {
        return LOG.isLoggable(System.Logger.Level.INFO);
    }

    /** Formats the line for one request. */
    String format(Request request, StreamResponse response, long bytes, long nanos) {
        var out = new StringBuilder(128);
        for (var part : parts) {
            part.append(out, request, response, bytes, nanos);
        }
        return out.toString();
    }

    /** Logs the line for one request. */
    void log(Request request, StreamResponse response, long bytes, long nanos) {
        LOG.log(System.Logger.Level.INFO, format(request, response, bytes, nanos));
    }

    private static String address(@Nullable SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null
                    ? inet.getHostString()
                    : inet.getAddress().getHostAddress();
        }
        return address == null ? "-" : address.toString();
    }
}
