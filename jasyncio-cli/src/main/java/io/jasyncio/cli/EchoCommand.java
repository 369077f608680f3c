package io.jasyncio.cli;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.KeyboardInterruptException;
import io.jasyncio.Task;
import io.jasyncio.net.Networking;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jasyncio echo}: a TCP echo server that runs until SIGINT or SIGTERM (the benchmark harness's
 * server). {@code --api streams} serves each client in a task with {@code StreamReader.transferTo(writer)} +
 * {@code StreamWriter.drain}; {@code --api protocol} echoes from {@code Protocol.dataReceived} and stops
 * reading while the write buffer is full. {@code --tls CERT KEY} serves TLS over either. A port out of range, a port in use or an unknown host is a usage error:
 * one line on standard error and exit status 2; so is a certificate or key that cannot be read.
 */
@Command(name = "echo", description = "Run a TCP echo server until killed (SIGINT/SIGTERM end it cleanly).")
public final class EchoCommand implements Callable<Integer> {

    /** Which layer of the network API the server uses. */
    enum Api {
        streams,
        protocol
    }

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Option(names = "--port", required = true, description = "The port to listen on (0: any free port).")
    private int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "The address to listen on.")
    private String host = "127.0.0.1";

    @Option(
            names = "--api",
            defaultValue = "streams",
            description = "streams (a task per connection) or protocol (callbacks). Default: ${DEFAULT-VALUE}.")
    private Api api = Api.streams;

    @Option(names = "--backlog", description = "The listen backlog. Default: the system's maximum.")
    private @Nullable Integer backlog;

    @Mixin
    private TlsOption tls = new TlsOption();

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        if (port < 0 || port > 65535) {
            return usageError("--port must be between 0 and 65535, not " + port);
        }
        ServerOptions base = backlog == null
                ? ServerOptions.defaults()
                : ServerOptions.defaults().withBacklog(backlog);
        try {
            base = base.withTls(tls.serverOptions());
        } catch (IOException e) {
            return usageError(e.getMessage());
        }
        ServerOptions options = base;
        // the address the server could not listen on (in use, unknown host): a usage error, reported after the run
        IOException[] badAddress = new IOException[1];
        try {
            Asyncio.run(() -> {
                EventLoop loop = Asyncio.loop();
                Task<?> main = Asyncio.currentTask().orElseThrow();
                Server server;
                try {
                    server = api == Api.streams
                            ? Streams.startServer(
                                    EchoCommand::echoStream, host, port, options, StreamReader.DEFAULT_LIMIT)
                            : Networking.of(loop).createServer(EchoProtocol::new, host, port, options);
                } catch (BindException | UnknownHostException e) {
                    badAddress[0] = e;
                    return;
                }
                loop.addSignalHandler("TERM", () -> main.cancel("terminated (SIGTERM)"));
                try (server) {
                    out.println("jasyncio echo (" + api + (tls.enabled() ? ", TLS" : "") + ") listening on "
                            + server.addresses());
                    out.flush();
                    server.serveForever();
                } finally {
                    loop.removeSignalHandler("TERM");
                }
            });
        } catch (CancelledException e) {
            out.println("jasyncio echo: stopped (" + e.getMessage() + ")");
            out.flush();
        } catch (KeyboardInterruptException e) {
            out.println("jasyncio echo: stopped (" + e.getMessage() + ")");
            out.flush();
            return KeyboardInterruptException.EXIT_STATUS;
        }
        IOException bad = badAddress[0];
        return bad == null ? 0 : usageError(bad.getMessage());
    }

    /** Prints one line (no usage text, no stack trace) and returns the usage-error exit status. */
    private int usageError(@Nullable String message) {
        var err = spec.commandLine().getErr();
        err.println("jasyncio echo: " + message);
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }

    /**
     * Echoes a connection with the streams' relay: {@code transferTo} hands the received bytes to the writer without
     * copying them (they go to the socket straight from the reader's buffer, or move into the writer's queue).
     */
    static void echoStream(StreamReader reader, StreamWriter writer) throws Exception {
        try {
            while (reader.transferTo(writer, Long.MAX_VALUE) >= 0) {
                writer.drain();
            }
        } finally {
            writer.close();
        }
    }

    /**
     * Echoes every received byte from the transport's read callback; stops reading while the write buffer is above
     * its high-water mark, so a client that sends without reading cannot make the server buffer without bound.
     */
    static final class EchoProtocol implements Protocol {
        private @Nullable Transport transport;

        /** The connection, once made (tests). */
        @Nullable
        Transport transport() {
            return transport;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            Transport t = transport;
            if (t != null) {
                t.write(data);
            }
        }

        @Override
        public void pauseWriting() {
            Transport t = transport;
            if (t != null) {
                t.pauseReading();
            }
        }

        @Override
        public void resumeWriting() {
            Transport t = transport;
            if (t != null) {
                t.resumeReading();
            }
        }
    }
}
