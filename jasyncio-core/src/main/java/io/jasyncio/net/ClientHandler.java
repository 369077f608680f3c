package io.jasyncio.net;

/**
 * Serves one client of a stream server ({@link Streams#startServer}); runs as its own task.
 *
 * {@snippet :
 * ClientHandler echo = (reader, writer) -> {
 *     try (var c = new Connection(reader, writer)) {
 *         byte[] data;
 *         while ((data = reader.read(65536)).length > 0) {
 *             writer.write(data);
 *             writer.drain();
 *         }
 *     }
 * };
 * }
 *
 * <p>If it throws, the exception goes to the loop's exception handler and only this client's connection is
 * closed. Returning does not close the connection (as in asyncio): close the writer when done.
 *
 * <p><b>Thread safety:</b> called on the loop, in a new task per connection.
 */
@FunctionalInterface
public interface ClientHandler {

    /**
     * Serves a client.
     *
     * @param reader the client's incoming bytes
     * @param writer the client's outgoing bytes
     * @throws Exception anything; it is logged and the connection is closed
     */
    void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
