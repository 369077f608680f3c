package io.jasyncio.http.internal;

import io.jasyncio.http.HttpHeaders;
import java.nio.ByteBuffer;

/**
 * Receives the parts of each message an {@link HttpParser} reads, in order:
 * {@code head (body)* [trailers] complete}, for every message on the connection.
 *
 * <p>The callbacks run inside {@link HttpParser#feed}, on the caller's thread. A callback may call
 * {@link HttpParser#pause()} to make {@code feed} return right after it. An exception a callback throws propagates
 * out of {@code feed} and leaves the parser failed.
 *
 * @param <H> {@link RequestHead} or {@link ResponseHead}
 */
public interface MessageListener<H extends MessageHead> {

    /** A message's head, once its framing has been validated. */
    void head(H head);

    /**
     * Body bytes of the current message, chunked coding removed, not copied: the buffer is a view of the input that
     * is valid only during this call. Consume or copy it before returning.
     */
    void body(ByteBuffer chunk);

    /** The trailer fields of a chunked message, when there are any; called before {@link #complete()}. */
    default void trailers(HttpHeaders trailers) {}

    /** The end of the current message. */
    void complete();
}
