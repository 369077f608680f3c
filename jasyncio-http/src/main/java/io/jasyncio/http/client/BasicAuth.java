package io.jasyncio.http.client;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic authentication (RFC 7617; aiohttp's {@code BasicAuth}).
 *
 * {@snippet :
 * var session = ClientSession.builder().auth(BasicAuth.of("sensor", "s3cret")).build();
 * }
 *
 * <p>{@link #toString()} hides the password. <b>Thread safety:</b> immutable.
 *
 * @param login the user name; must not contain {@code ':'}
 * @param password the password
 * @param charset how the credentials are encoded (UTF-8 unless the server asks otherwise)
 */
public record BasicAuth(String login, String password, Charset charset) implements Auth {

    /**
     * Validates the credentials.
     *
     * @throws IllegalArgumentException if the login contains {@code ':'} or either part contains CR, LF or NUL
     */
    public BasicAuth {
        if (login.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a Basic auth login cannot contain ':'");
        }
        if (hasControl(login) || hasControl(password)) {
            throw new IllegalArgumentException("a Basic auth login or password cannot contain CR, LF or NUL");
        }
    }

    private static boolean hasControl(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0;
    }

    /**
     * Returns UTF-8 Basic credentials.
     *
     * @param login the user name
     * @param password the password
     * @return the auth
     */
    public static BasicAuth of(String login, String password) {
        return new BasicAuth(login, password, StandardCharsets.UTF_8);
    }

    /**
     * Parses {@code user:password} (the form of {@code curl --user}); the password may contain {@code ':'}.
     *
     * @param userColonPassword the credentials
     * @return the auth
     * @throws IllegalArgumentException if there is no {@code ':'}
     */
    public static BasicAuth parse(String userColonPassword) {
        int i = userColonPassword.indexOf(':');
        if (i < 0) {
            throw new IllegalArgumentException("expected user:password");
        }
        return of(userColonPassword.substring(0, i), userColonPassword.substring(i + 1));
    }

    /** Returns {@code Basic base64(login:password)}. */
    @Override
    public String authorization(URI url) {
        return encode();
    }

    /**
     * Returns the header value, {@code Basic base64(login:password)}.
     *
     * @return the value
     */
    public String encode() {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(charset));
    }

    @Override
    public String toString() {
        return "BasicAuth[login=" + login + ", password=***]";
    }
}
