package io.jasyncio.http.client;

import java.io.IOException;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Supplies the {@code Authorization} header of a request: {@link BasicAuth}, a bearer token, or any scheme. It is
 * called in the requesting task for each request (and each redirect that keeps the origin), so it may wait, e.g. to
 * refresh a token.
 *
 * {@snippet :
 * Auth bearer = Auth.bearer(() -> tokens.current());
 * var session = ClientSession.builder().auth(bearer).build();
 * }
 *
 * <p><b>Cancellation:</b> as the implementation's waits.
 */
@FunctionalInterface
public interface Auth {

    /**
     * Returns the {@code Authorization} value for a request to {@code url}.
     *
     * @param url the request's URL
     * @return the header value, or {@code null} to send none
     * @throws IOException if the credentials could not be obtained
     */
    @Nullable
    String authorization(URI url) throws IOException;

    /** Supplies a token, possibly waiting for it. */
    @FunctionalInterface
    interface TokenSource {
        /**
         * Returns the current token.
         *
         * @return the token
         * @throws IOException if it could not be obtained
         */
        String token() throws IOException;
    }

    /**
     * Returns an auth that sends {@code Authorization: Bearer <token>} with the token of the moment.
     *
     * @param tokens where the token comes from; called for each request
     * @return the auth
     */
    static Auth bearer(TokenSource tokens) {
        return url -> "Bearer " + tokens.token();
    }
}
