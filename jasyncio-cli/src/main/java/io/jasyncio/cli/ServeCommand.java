package io.jasyncio.cli;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.KeyboardInterruptException;
import io.jasyncio.Task;
import io.jasyncio.http.server.Application;
import io.jasyncio.http.server.HttpServer;
import io.jasyncio.http.server.ServerConfig;
import io.jasyncio.net.TlsOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jasyncio serve DIR}: a static file server (directory listings, ranges, conditional requests) with an access
 * log line per request on standard output, until Ctrl-C or SIGTERM, which shut it down gracefully (a second Ctrl-C
 * ends it at once). {@code --tls CERT KEY} serves HTTPS with a PEM certificate chain and key. A missing directory, a
 * port out of range, a port in use, an unknown host or a certificate or key that cannot be read is a usage error: one
 * line on standard error and exit status 2.
 */
@Command(
        name = "serve",
        description = "Serve a directory over HTTP(S) until Ctrl-C (static files, listings, access log).")
public final class ServeCommand implements Callable<Integer> {

    /** Held strongly: the logging forgets the configuration of a logger nobody references. */
    private static final Logger ACCESS = Logger.getLogger("io.jasyncio.http.access");

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory to serve.")
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private Path dir;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "The port (0: any free port). Default: ${DEFAULT-VALUE}.")
    private int port = 8080;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "The address. Default: ${DEFAULT-VALUE}.")
    private String host = "127.0.0.1";

    @Option(
            names = "--workers",
            defaultValue = "1",
            description = "Loops serving, each on its own thread and socket (SO_REUSEPORT; where it is missing, one"
                    + " loop accepts and hands connections over). Default: ${DEFAULT-VALUE}.")
    private int workers = 1;

    @Mixin
    private TlsOption tls = new TlsOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65535) {
            return usageError("--port must be between 0 and 65535, not " + port);
        }
        if (workers < 1) {
            return usageError("--workers must be at least 1, not " + workers);
        }
        if (!Files.isDirectory(dir)) {
            return usageError("not a directory: " + dir);
        }
        @Nullable TlsOptions tlsOptions;
        try {
            tlsOptions = tls.serverOptions();
        } catch (IOException e) {
            return usageError(e.getMessage());
        }
        routeAccessLogTo(out);
        IOException[] badAddress = new IOException[1];
        try {
            Asyncio.run(() -> {
                EventLoop loop = Asyncio.loop();
                Task<?> main = Asyncio.currentTask().orElseThrow();
                var app = new Application().staticFiles("/", dir, true);
                HttpServer server;
                try {
                    var config = ServerConfig.defaults().withWorkers(workers);
                    server = tlsOptions == null
                            ? HttpServer.start(app, config, host, port)
                            : HttpServer.start(app, config, host, port, tlsOptions);
                } catch (BindException | UnknownHostException e) {
                    badAddress[0] = e;
                    return;
                }
                loop.addSignalHandler("TERM", () -> main.cancel("terminated (SIGTERM)"));
                try (server) {
                    out.println("jasyncio serve: " + dir.toAbsolutePath().normalize() + " on "
                            + (tlsOptions == null ? "http" : "https") + "://" + host + ":"
                            + server.port() + "/ (" + workers + (workers == 1 ? " worker" : " workers")
                            + "; Ctrl-C stops)");
                    out.flush();
                    server.serveForever();
                } finally {
                    loop.removeSignalHandler("TERM");
                }
            });
        } catch (CancelledException e) {
            out.println("jasyncio serve: stopped (" + e.getMessage() + ")");
            out.flush();
        } catch (KeyboardInterruptException e) {
            out.println("jasyncio serve: stopped (" + e.getMessage() + ")");
            out.flush();
            return KeyboardInterruptException.EXIT_STATUS;
        }
        IOException bad = badAddress[0];
        return bad == null ? 0 : usageError(bad.getMessage());
    }

    /** Prints the server's access log lines, as they are, on {@code out} (not the logging's two-line format). */
    private static void routeAccessLogTo(PrintWriter out) {
        Logger access = ACCESS;
        access.setUseParentHandlers(false);
        access.setLevel(Level.INFO);
        access.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (out) {
                    out.println(record.getMessage());
                    out.flush();
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {}
        });
    }

    /** Prints one line (no usage text, no stack trace) and returns the usage-error exit status. */
    private int usageError(@Nullable String message) {
        var err = spec.commandLine().getErr();
        err.println("jasyncio serve: " + message);
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }
}
