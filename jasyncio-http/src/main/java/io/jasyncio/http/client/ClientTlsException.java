package io.jasyncio.http.client;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ClientConnectionException}: the TLS handshake with an {@code https} server failed: a certificate that is
 * not trusted, expired or for another host, no common protocol or cipher (aiohttp's {@code ClientSSLError}). The
 * cause is the JDK's {@link javax.net.ssl.SSLException}, usually an {@link javax.net.ssl.SSLHandshakeException}
 * naming the reason. Never retried: the same server gives the same answer.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public class ClientTlsException extends ClientConnectionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param url the request's URL
     * @param message what went wrong
     * @param cause the TLS failure
     */
    public ClientTlsException(@Nullable URI url, String message, @Nullable Throwable cause) {
        super(url, message, cause);
    }
}
