package io.jasyncio.http.client;

import java.net.URI;

/**
 * A request met more redirects than {@link ClientRequest#maxRedirects(int)} allows (aiohttp's
 * {@code TooManyRedirects}). Every response of the chain was released.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public class TooManyRedirectsException extends ClientException {
    private static final long serialVersionUID = 1L;

    private final int redirects;

    /**
     * Creates the exception.
     *
     * @param url the URL of the first request
     * @param redirects how many redirects were followed
     */
    public TooManyRedirectsException(URI url, int redirects) {
        super(url, "too many redirects (" + redirects + ")", null);
        this.redirects = redirects;
    }

    /**
     * Returns how many redirects were followed before giving up.
     *
     * @return the count
     */
    public int redirects() {
        return redirects;
    }
}
