package io.jasyncio.http.internal;

import io.jasyncio.http.HttpHeaders;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Lets the parser add fields to an {@link HttpHeaders} without checking them again: the parser has already checked
 * every byte of a field against RFC 9110, more strictly than {@code HttpHeaders} does, and checking twice costs a
 * fifth of the time of parsing a head. The server uses it too, for the constant {@code Content-Type} of a new
 * response. {@code HttpHeaders} installs the adder when it is initialised (the JDK's
 * "shared secrets" pattern); the package is not exported.
 *
 * <p>Thread safety: the adder is set once, during {@code HttpHeaders}' class initialisation.
 */
public final class HeadersAccess {

    /** Adds a field known to be valid. */
    @FunctionalInterface
    public interface TrustedAdder {
        /** Adds {@code name: value} to {@code headers}, unchecked. */
        void add(HttpHeaders headers, String name, String value);
    }

    private static @Nullable TrustedAdder adder;

    private HeadersAccess() {}

    /**
     * Installs the adder; called by {@code HttpHeaders} only.
     *
     * @throws IllegalStateException if an adder is installed already
     */
    public static void install(TrustedAdder trusted) {
        if (adder != null) {
            throw new IllegalStateException("already installed");
        }
        adder = trusted;
    }

    /** Returns a new header map, filled by {@link #addTrusted} without checks. */
    static HttpHeaders create() {
        return HttpHeaders.create(); // initialises HttpHeaders, which installs the adder
    }

    /** Adds a field whose name is a token and whose value holds only field-value bytes, without checking again. */
    public static void addTrusted(HttpHeaders headers, String name, String value) {
        Objects.requireNonNull(adder, "HttpHeaders installs the adder when initialised")
                .add(headers, name, value);
    }
}
