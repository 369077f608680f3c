package io.jasyncio.http.internal.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Percent-encoding of query parameters and form fields, and URL checks (no CR, LF or other controls). */
public final class UrlEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlEncoding() {}

    /**
     * Encodes a query component (RFC 3986): unreserved characters stay, everything else becomes {@code %XX} of its
     * UTF-8 bytes (a space is {@code %20}).
     *
     * @param s the text
     * @return the encoded text
     */
    public static String queryEncode(String s) {
        return encode(s, false);
    }

    /**
     * Encodes a form field ({@code application/x-www-form-urlencoded}): as {@link #queryEncode} but a space is
     * {@code +}.
     *
     * @param s the text
     * @return the encoded text
     */
    public static String formEncode(String s) {
        return encode(s, true);
    }

    private static String encode(String s, boolean plusForSpace) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                sb.append((char) c);
            } else if (c == ' ' && plusForSpace) {
                sb.append('+');
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return sb.toString();
    }

    /**
     * Appends query parameters to a URL, after any query it already has.
     *
     * @param url the URL
     * @param params name and value pairs, in order
     * @return the URL with the parameters
     */
    public static URI withQuery(URI url, List<Map.Entry<String, String>> params) {
        if (params.isEmpty()) {
            return url;
        }
        StringBuilder q = new StringBuilder();
        String old = url.getRawQuery();
        if (old != null && !old.isEmpty()) {
            q.append(old);
        }
        for (var e : params) {
            if (!q.isEmpty()) {
                q.append('&');
            }
            q.append(queryEncode(e.getKey())).append('=').append(queryEncode(e.getValue()));
        }
        String s = url.toString();
        int hash = s.indexOf('#');
        String noFragment = hash < 0 ? s : s.substring(0, hash);
        int question = noFragment.indexOf('?');
        String base = question < 0 ? noFragment : noFragment.substring(0, question);
        return URI.create(base + "?" + q);
    }

    /**
     * Parses a URL for a request, refusing what could inject into the request head.
     *
     * @param url the text
     * @return the URL
     * @throws IllegalArgumentException if it contains a control character or a space, or is not a valid URI
     */
    public static URI parse(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                throw new IllegalArgumentException(
                        "a URL cannot contain control characters or spaces (CR/LF could inject headers): "
                                + url.replace("\r", "\\r").replace("\n", "\\n"));
            }
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid URL: " + e.getMessage(), e);
        }
    }
}
