package io.jasyncio.internal.buffer;

/**
 * Something that can take bytes out of a {@link SegmentQueue} without copying them (a socket transport's write side):
 * what {@code StreamReader.transferTo} hands its segments to.
 *
 * <p>Loop-confined.
 */
public interface SegmentSink {

    /**
     * Takes the first {@code n} bytes of {@code source}: writes them to the socket straight from its segments, and
     * moves the segments of what waits into the own write queue. On return, the bytes are gone from {@code source}.
     *
     * @param source the queue, of the same loop
     * @param n how many bytes, at most {@code source.size()}
     * @throws IllegalStateException where a write would throw (closed by the user, after an end of file, during a
     *     sendfile); then {@code source} is untouched
     */
    void writeFrom(SegmentQueue source, long n);
}
