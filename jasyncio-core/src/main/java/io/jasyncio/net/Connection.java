package io.jasyncio.net;

/**
 * The two halves of a stream connection, closed together by try-with-resources (the pair asyncio's
 * {@code open_connection} returns).
 *
 * {@snippet :
 * try (Connection c = Streams.openConnection("127.0.0.1", 8888)) {
 *     c.writer().write("hello\n");
 *     byte[] reply = c.reader().readLine();
 * }
 * }
 *
 * <p><b>Thread safety:</b> loop-confined, like its reader and writer.
 *
 * @param reader the incoming bytes
 * @param writer the outgoing bytes
 */
public record Connection(StreamReader reader, StreamWriter writer) implements AutoCloseable {

    /** Closes the connection (buffered data is still sent); does not wait, see {@link StreamWriter#awaitClosed()}. */
    @Override
    public void close() {
        writer.close();
    }
}
