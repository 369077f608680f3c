package io.jasyncio.http.client;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.net.TlsOptions;
import java.net.URI;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The state of one logical request of a {@link ClientSession} across redirects and retries: what the next hop sends
 * (method, URL, headers, body, credentials) and the limits that hold for all hops.
 *
 * <p>Loop-confined, owned by the task that made the request.
 */
final class Exchange {
    String method;
    URI url;
    final HttpHeaders headers;

    @Nullable
    RequestBody body;

    final ClientTimeout timeout;
    final long deadline;

    @Nullable
    Auth auth;

    boolean expectContinue;

    @Nullable
    TlsOptions tls;

    Exchange(
            String method,
            URI url,
            HttpHeaders headers,
            @Nullable RequestBody body,
            ClientTimeout timeout,
            long deadline) {
        this.method = method;
        this.url = url;
        this.headers = headers;
        this.body = body;
        this.timeout = timeout;
        this.deadline = deadline;
    }

    boolean isRetryable() {
        RequestBody b = body;
        boolean idempotent = switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
        return idempotent && (b == null || b.isReplayable());
    }
}
