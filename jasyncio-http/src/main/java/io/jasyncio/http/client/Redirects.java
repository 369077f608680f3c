package io.jasyncio.http.client;

import io.jasyncio.http.internal.client.UrlEncoding;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Following redirects for {@link ClientSession#request} (RFC 9110 §15.4): which answers are followed, and what the
 * next hop keeps. 303 (and 301/302 after a POST) become a GET without a body; 307/308 keep the method and the body
 * (unless it cannot be sent again); {@code Authorization} and explicit cookies are dropped when the origin changes.
 */
final class Redirects {
    private Redirects() {}

    /**
     * Moves {@code x} to the hop that {@code r} redirects to, or leaves both alone when {@code r} is the answer to
     * return: not a redirect, no {@code Location}, a scheme this client does not speak, or a one-shot body that a
     * 307/308 would have to send again.
     *
     * <p><b>Cancellation:</b> while a small redirect body is read; the response is then closed with its connection.
     *
     * @param x the exchange, rewritten for the next hop when the redirect is followed
     * @param r the response; when followed, its body is discarded, it is closed and added to {@code history}
     * @param history the responses followed so far
     * @param max the most redirects to follow
     * @param first the request's first URL, named by {@link TooManyRedirectsException}
     * @param trace told of each redirect followed
     * @return {@code true} if the redirect was followed (send {@code x} again), {@code false} if {@code r} is final
     * @throws TooManyRedirectsException if {@code max} redirects were followed already ({@code r} is closed)
     * @throws InvalidResponseException if the {@code Location} is not a URL ({@code r} is closed)
     */
    static boolean follow(
            Exchange x, ClientResponse r, List<ClientResponse> history, int max, URI first, TraceHooks trace)
            throws ClientException {
        int s = r.status();
        String location = r.headers().firstValue("Location").orElse(null);
        if (!isRedirect(s) || location == null) {
            return false;
        }
        if (history.size() >= max) {
            r.close();
            throw new TooManyRedirectsException(first, history.size());
        }
        URI next;
        try {
            next = x.url.resolve(UrlEncoding.parse(location));
        } catch (IllegalArgumentException e) {
            r.close();
            throw new InvalidResponseException(x.url, "invalid redirect Location (" + e.getMessage() + ")", e);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || next.getHost() == null) {
            return false; // a redirect this client cannot follow: the caller gets it
        }
        boolean toGet = (s == 303 && !x.method.equals("HEAD")) || ((s == 301 || s == 302) && x.method.equals("POST"));
        RequestBody b = x.body;
        if (!toGet && b != null && !b.isReplayable()) {
            return false; // 307/308 keep the body, but a one-shot stream cannot be sent again
        }
        trace.redirect(x.method, x.url, s, next);
        RequestSender.discard(r);
        history.add(r);
        if (toGet) {
            x.method = "GET";
            x.body = null;
            x.headers.remove("Content-Type");
            x.headers.remove("Content-Length");
            x.headers.remove("Transfer-Encoding");
        }
        if (!origin(next).equals(origin(x.url))) {
            // Credentials are for the origin they were given for (aiohttp, curl and browsers agree).
            x.headers.remove("Authorization");
            x.headers.remove("Cookie");
            x.auth = null;
        }
        x.url = next;
        return true;
    }

    private static boolean isRedirect(int s) {
        return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
    }

    private static String origin(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + ClientSession.port(u);
    }
}
