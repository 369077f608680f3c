package io.jasyncio.http.internal.client;

import java.io.IOException;

/** A pull source of body bytes (raw from the connection, or decoded). */
@FunctionalInterface
public interface BodySource {
    /**
     * Reads bytes, waiting until at least one is available or the body ended.
     *
     * @param dst where they go
     * @param offset from where
     * @param length at most how many, at least 1
     * @return how many, or -1 at the end
     * @throws IOException if the body is broken (already a client exception naming the URL)
     */
    int read(byte[] dst, int offset, int length) throws IOException;
}
