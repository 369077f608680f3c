/**
 * Networking: transports and protocols (the callback layer) and streams (the task layer) over TCP, Unix domain
 * sockets and UDP.
 *
 * <h2>Which one to use</h2>
 * <ul>
 *   <li>{@link io.jasyncio.net.Streams} with {@link io.jasyncio.net.StreamReader} and
 *       {@link io.jasyncio.net.StreamWriter}: sequential code in a task per connection; the usual choice.
 *   <li>{@link io.jasyncio.net.Protocol} / {@link io.jasyncio.net.BufferedProtocol} with a
 *       {@link io.jasyncio.net.Transport}: callbacks, no task per connection; the cheapest per request.
 *   <li>{@link io.jasyncio.net.DatagramProtocol} with a {@link io.jasyncio.net.DatagramTransport}: UDP.
 * </ul>
 * Connections and servers are made by the loop's {@link io.jasyncio.net.Networking}:
 * {@link io.jasyncio.net.Networking#createConnection}, {@link io.jasyncio.net.Networking#createServer} and their Unix
 * and datagram twins.
 *
 * <p>Everything here is loop-confined: use it from tasks and callbacks of the loop that made it.
 */
@NullMarked
package io.jasyncio.net;

import org.jspecify.annotations.NullMarked;
