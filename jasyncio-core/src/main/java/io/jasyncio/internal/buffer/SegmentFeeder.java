package io.jasyncio.internal.buffer;

/**
 * A transport that can hand its reader whole filled segments instead of calling {@code dataReceived} with bytes to
 * copy: a pipe transport whose pump thread fills pooled segments off the loop. A {@code StreamReader} given such a
 * transport ({@code setTransport}) registers its {@link SegmentIntake}; the transport uses it only when its protocol
 * is the library's own (a user's protocol still gets every byte through {@code dataReceived}).
 *
 * <p>Loop-confined.
 */
public interface SegmentFeeder {

    /**
     * Offers the reader's intake.
     *
     * @param intake where the reader takes filled segments
     */
    void feedSegmentsTo(SegmentIntake intake);
}
