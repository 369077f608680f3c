package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.net.Networking;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An echo server on plain non-blocking sockets with the loop's socket calls: {@code sockAccept} in a loop, a task
 * per client with {@code sockRecv} / {@code sockSendAll} (the seeds' {@code echo_server} and
 * {@code handle_client} with {@code loop.sock_accept}, {@code sock_recv} and {@code sock_sendall}).
 *
 * <p>Python's {@code socket.socket(AF_INET, SOCK_STREAM)} is a {@link ServerSocketChannel} here. The seed's
 * server accepts forever; this one is cancelled once the client is done.
 */
public final class SocketEcho implements Example {

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     * @throws IOException if a socket fails
     */
    public static void main(String[] args) throws IOException {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "sock-echo";
    }

    @Override
    public String summary() {
        return "an echo server on raw sockets with sockAccept, sockRecv and sockSendAll";
    }

    @Override
    public void run(PrintStream out) throws IOException {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: starts the server task, then talks to it as a client. */
    static void mainTask(PrintStream out) throws IOException {
        EventLoop loop = Asyncio.loop();
        try (ServerSocketChannel serverSock = ServerSocketChannel.open()) {
            serverSock.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 5);
            serverSock.configureBlocking(false);
            out.println("   listening on " + serverSock.getLocalAddress());
            var server = Asyncio.createTask("echo-server", () -> echoServer(loop, serverSock));

            try (SocketChannel client = SocketChannel.open()) {
                Networking.of(loop).sockConnect(client, serverSock.getLocalAddress());
                for (String message : List.of("ping", "héllo, wörld")) {
                    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                    Networking.of(loop).sockSendAll(client, ByteBuffer.wrap(bytes));
                    ByteBuffer reply = ByteBuffer.allocate(bytes.length);
                    while (reply.hasRemaining() && Networking.of(loop).sockRecv(client, reply) >= 0) {
                        // the echo may come back in pieces
                    }
                    out.println("   client sent '" + message + "', got back '"
                            + new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8) + "'");
                }
            }
            server.cancel(); // the seed's server accepts forever
        }
    }

    private static void echoServer(EventLoop loop, ServerSocketChannel serverSock) throws IOException {
        while (true) {
            SocketChannel clientSock = Networking.of(loop).sockAccept(serverSock);
            loop.createTask(() -> handleClient(loop, clientSock));
        }
    }

    private static void handleClient(EventLoop loop, SocketChannel clientSock) throws IOException {
        try (clientSock) {
            ByteBuffer data = ByteBuffer.allocate(100);
            while (Networking.of(loop).sockRecv(clientSock, data.clear()) >= 0) {
                Networking.of(loop).sockSendAll(clientSock, data.flip());
            }
        }
    }
}
