package io.jasyncio.internal.buffer;

/**
 * Takes segments that were filled elsewhere, without a copy: a {@code StreamReader} fed by a transport that fills
 * pooled segments off the loop (a child process's pipe, see {@link SegmentFeeder}).
 *
 * <p>Loop-confined.
 */
@FunctionalInterface
public interface SegmentIntake {

    /**
     * Takes {@code s}, whose first {@code n} bytes are data; the intake owns it from now on.
     *
     * @param s a segment of the intake's loop's pool
     * @param n how many bytes it holds, from its start
     */
    void take(Segment s, int n);
}
