package io.jasyncio.cli;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import io.jasyncio.net.Transport;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jasyncio echo}: a TCP echo server that runs until SIGINT or SIGTERM (the benchmark harness's
 * server). {@code --api streams} serves each client in a task with {@code StreamReader.read} /
 * {@code StreamWriter.write + drain}; {@code --api protocol} echoes from {@code Protocol.dataReceived}.
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

    @Option(names = "--backlog", defaultValue = "100", description = "The listen backlog. Default: ${DEFAULT-VALUE}.")
    private int backlog = 100;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        try {
            Asyncio.run(() -> {
                EventLoop loop = Asyncio.loop();
                Task<?> main = Asyncio.currentTask().orElseThrow();
                loop.addSignalHandler("TERM", () -> main.cancel("terminated (SIGTERM)"));
                ServerOptions options = ServerOptions.defaults().withBacklog(backlog);
                try (Server server = api == Api.streams
                        ? Streams.startServer(EchoCommand::echoStream, host, port, options, StreamReader.DEFAULT_LIMIT)
                        : loop.createServer(EchoProtocol::new, host, port, options)) {
                    out.println("jasyncio echo (" + api + ") listening on " + server.addresses());
                    out.flush();
                    server.serveForever();
                } finally {
                    loop.removeSignalHandler("TERM");
                }
                return null;
            });
        } catch (CancelledException e) {
            out.println("jasyncio echo: stopped (" + e.getMessage() + ")");
            out.flush();
        }
        return 0;
    }

    private static void echoStream(StreamReader reader, StreamWriter writer) throws Exception {
        try {
            while (true) {
                byte[] data = reader.read(256 * 1024);
                if (data.length == 0) {
                    break;
                }
                writer.write(data);
                writer.drain();
            }
        } finally {
            writer.close();
        }
    }

    /** Echoes every received byte from the transport's read callback. */
    private static final class EchoProtocol implements Protocol {
        private @Nullable Transport transport;

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
    }
}
