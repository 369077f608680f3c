package io.jasyncio.http.internal.client;

import io.jasyncio.http.HttpParseException;
import io.jasyncio.http.client.ClientConnectionException;
import io.jasyncio.http.client.ClientException;
import io.jasyncio.http.client.ClientPayloadException;
import io.jasyncio.http.client.ClientTimeoutException;
import io.jasyncio.http.client.ClientTlsException;
import io.jasyncio.http.client.InvalidResponseException;
import io.jasyncio.http.client.ServerDisconnectedException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/** Maps the I/O failures of each phase of a request to the client's exception hierarchy, naming the URL. */
public final class Errors {
    private Errors() {}

    /**
     * Maps a failure to connect.
     *
     * @param url the request's URL
     * @param e the failure
     * @param sockConnect the TCP connect limit, or {@code null}
     * @return the client exception
     */
    public static ClientException connect(URI url, IOException e, @Nullable Duration sockConnect) {
        if (e instanceof ClientException c) {
            return c;
        }
        if (e instanceof SocketTimeoutException && sockConnect != null) {
            return new ClientTimeoutException(url, ClientTimeoutException.Kind.SOCK_CONNECT, sockConnect, e);
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return new ClientTlsException(url, "TLS handshake failed (" + e.getMessage() + ")", e);
        }
        return new ClientConnectionException(url, "cannot connect (" + e.getMessage() + ")", e);
    }

    /**
     * Maps a failure while sending the request or reading the response head.
     *
     * @param url the request's URL
     * @param e the failure
     * @param total the total limit, for a timeout
     * @param sockRead the read limit, for a timeout
     * @return the client exception
     */
    public static ClientException head(URI url, IOException e, @Nullable Duration total, @Nullable Duration sockRead) {
        if (e instanceof ClientException c) {
            return c;
        }
        if (e instanceof ResponseReader.ReadTimeout t) {
            return timeout(url, t, total, sockRead);
        }
        if (e instanceof HttpParseException) {
            return new InvalidResponseException(url, "invalid response (" + e.getMessage() + ")", e);
        }
        if (e instanceof EOFException) {
            return new ServerDisconnectedException(url, "server disconnected (" + e.getMessage() + ")", e);
        }
        return new ServerDisconnectedException(url, "connection failed (" + e.getMessage() + ")", e);
    }

    /**
     * Maps a failure while reading the body.
     *
     * @param url the request's URL
     * @param e the failure
     * @param total the total limit, for a timeout
     * @param sockRead the read limit, for a timeout
     * @return the client exception
     */
    public static ClientException body(URI url, IOException e, @Nullable Duration total, @Nullable Duration sockRead) {
        if (e instanceof ClientException c) {
            return c;
        }
        if (e instanceof ResponseReader.ReadTimeout t) {
            return timeout(url, t, total, sockRead);
        }
        if (e instanceof ZipException) {
            return new ClientPayloadException(url, "cannot decode the body (" + e.getMessage() + ")", e);
        }
        return new ClientPayloadException(url, "broken body (" + e.getMessage() + ")", e);
    }

    private static ClientTimeoutException timeout(
            URI url, ResponseReader.ReadTimeout t, @Nullable Duration total, @Nullable Duration sockRead) {
        return t.isTotal()
                ? new ClientTimeoutException(url, ClientTimeoutException.Kind.TOTAL, nonNull(total), t)
                : new ClientTimeoutException(url, ClientTimeoutException.Kind.SOCK_READ, nonNull(sockRead), t);
    }

    private static Duration nonNull(@Nullable Duration d) {
        return d == null ? Duration.ZERO : d;
    }
}
