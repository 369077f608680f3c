package io.jasyncio.net;

import java.io.EOFException;
import java.io.Serial;

/**
 * End of file came before the bytes a read needed (asyncio's {@code IncompleteReadError}); carries what
 * arrived, which the reader has consumed.
 *
 * {@snippet :
 * try {
 *     byte[] header = reader.readExactly(16);
 * } catch (IncompleteReadException e) {
 *     byte[] partial = e.partial();
 * }
 * }
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class IncompleteReadException extends EOFException {
    @Serial
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // a byte array is serializable
    private final byte[] partial;

    private final long expected;

    /**
     * Creates the exception.
     *
     * @param partial the bytes read before the end of file
     * @param expected how many were wanted, or -1 if unknown (a separator was wanted)
     */
    public IncompleteReadException(byte[] partial, long expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : expected)
                + " expected bytes");
        this.partial = partial.clone();
        this.expected = expected;
    }

    /**
     * Returns the bytes read before the end of file.
     *
     * @return a copy of them
     */
    public byte[] partial() {
        return partial.clone();
    }

    /**
     * Returns how many bytes were expected.
     *
     * @return the count, or -1 when a separator was expected
     */
    public long expected() {
        return expected;
    }
}
