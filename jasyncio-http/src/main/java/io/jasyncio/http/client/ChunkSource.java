package io.jasyncio.http.client;

import java.io.IOException;

/**
 * A body produced piece by piece (aiohttp's async generator bodies), sent with chunked transfer encoding. Called in
 * the requesting task, so it may wait for each piece.
 *
 * {@snippet :
 * var chunks = List.of("a", "b", "c").iterator();
 * RequestBody body = RequestBody.chunks(() -> chunks.hasNext() ? chunks.next().getBytes() : null);
 * }
 */
@FunctionalInterface
public interface ChunkSource {
    /**
     * Returns the next piece.
     *
     * @return the bytes (an empty array is skipped), or {@code null} at the end
     * @throws IOException if the piece could not be produced
     */
    byte @org.jspecify.annotations.Nullable [] next() throws IOException;
}
