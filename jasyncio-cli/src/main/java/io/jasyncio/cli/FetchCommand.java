package io.jasyncio.cli;

import io.jasyncio.Asyncio;
import io.jasyncio.Outcome;
import io.jasyncio.Task;
import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncFiles;
import io.jasyncio.http.client.BasicAuth;
import io.jasyncio.http.client.BodyReader;
import io.jasyncio.http.client.ClientRequest;
import io.jasyncio.http.client.ClientResponse;
import io.jasyncio.http.client.ClientSession;
import io.jasyncio.http.client.ClientTimeout;
import io.jasyncio.http.client.Connector;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jasyncio fetch URL...}: downloads URLs concurrently through one {@link ClientSession}. On a terminal it
 * shows a live progress bar per download (bytes, rate, ETA); otherwise one plain line per finished download. Exits 1
 * naming each URL that failed, 2 on a usage error.
 */
@Command(name = "fetch", description = "Download URLs concurrently (HTTP/1.1), with a progress bar on a terminal.")
public final class FetchCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "URL", description = "The URLs to download.")
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private List<String> urls;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE|DIR",
            description = "Where to save: a file (one URL) or a directory (default: the current directory).")
    private @Nullable Path output;

    @Option(names = "--concurrency", defaultValue = "4", description = "Downloads at once. Default: ${DEFAULT-VALUE}.")
    private int concurrency = 4;

    @Option(names = "--limit-per-host", defaultValue = "0", description = "Connections per host (0: no limit).")
    private int limitPerHost;

    @Option(names = "-H", paramLabel = "'Name: value'", description = "An extra request header (repeatable).")
    private List<String> headers = new ArrayList<>();

    @Option(names = "--user", paramLabel = "U:P", description = "Basic authentication.")
    private @Nullable String user;

    @Option(names = "--timeout", paramLabel = "S", description = "Total time limit per download, in seconds.")
    private @Nullable Double timeout;

    @Option(
            names = "--insecure",
            description = "Do not verify https servers' certificates or host names (for tests and closed networks only:"
                    + " anyone in the middle can read and change the downloads).")
    private boolean insecure;

    @Option(names = "--progress", description = "Force the progress bars (auto: on when stdout is a terminal).")
    private @Nullable Boolean progress;

    /** One download's state, shown by the progress display. */
    static final class Download {
        final String url;
        final Path target;
        long bytes;
        long total = -1;
        long started;

        @Nullable
        String error;

        boolean done;

        Download(String url, Path target) {
            this.url = url;
            this.target = target;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (concurrency < 1 || limitPerHost < 0) {
            return usage("--concurrency must be at least 1 and --limit-per-host not negative");
        }
        List<String[]> extra = new ArrayList<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                return usage("-H expects 'Name: value', got '" + h + "'");
            }
            extra.add(new String[] {
                h.substring(0, colon).trim(), h.substring(colon + 1).trim()
            });
        }
        BasicAuth auth;
        try {
            auth = user == null ? null : BasicAuth.parse(user);
        } catch (IllegalArgumentException e) {
            return usage("--user expects U:P");
        }
        List<Download> downloads;
        try {
            downloads = plan();
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        boolean bars = progress != null ? progress : stdoutIsTerminal();
        List<Download> failed = new ArrayList<>();
        Asyncio.run(() -> {
            ClientTimeout t = timeout == null
                    ? ClientTimeout.DEFAULT.withTotal(null)
                    : ClientTimeout.DEFAULT.withTotal(Duration.ofMillis((long) (timeout * 1000)));
            var connector = Connector.builder().limit(concurrency).limitPerHost(limitPerHost);
            if (insecure) {
                connector.insecureSkipTlsVerification();
            }
            var builder = ClientSession.builder()
                    .connector(connector.build())
                    .timeout(t)
                    .userAgent("jasyncio-fetch/0.1");
            if (auth != null) {
                builder.auth(auth);
            }
            try (ClientSession session = builder.build()) {
                Progress display = new Progress(out, downloads, bars);
                Task<?> painter = bars ? Asyncio.createTask(display::repaintForever) : null;
                List<Task<?>> tasks = new ArrayList<>();
                for (Download d : downloads) {
                    tasks.add(Asyncio.createTask(() -> {
                        fetch(session, d, extra);
                        display.finished(d);
                    }));
                }
                List<Outcome<Object>> outcomes = Asyncio.gatherSettled(tasks);
                for (int i = 0; i < outcomes.size(); i++) {
                    if (!outcomes.get(i).isSuccess()) {
                        failed.add(downloads.get(i));
                    }
                }
                if (painter != null) {
                    painter.cancel();
                    Asyncio.gatherSettled(painter);
                    display.paint();
                }
            }
        });
        for (Download d : failed) {
            err.println("jasyncio fetch: failed " + d.url + ": " + d.error);
        }
        err.flush();
        out.flush();
        return failed.isEmpty() ? 0 : 1;
    }

    @SuppressWarnings("SystemConsoleNull") // null on JDKs before 22 when there is no console
    private static boolean stdoutIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    private List<Download> plan() {
        List<Download> list = new ArrayList<>();
        Path out = output;
        boolean toDir = out == null
                || Files.isDirectory(out)
                || urls.size() > 1
                || out.toString().endsWith("/");
        for (String url : urls) {
            URI u;
            try {
                u = new URI(url);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("invalid URL: " + url);
            }
            if (u.getScheme() == null || !u.getScheme().toLowerCase(Locale.ROOT).startsWith("http")) {
                throw new IllegalArgumentException("not an http(s) URL: " + url);
            }
            Path target = out == null ? Path.of(".").resolve(fileName(u)) : toDir ? out.resolve(fileName(u)) : out;
            list.add(new Download(url, target));
        }
        return list;
    }

    /** The last path segment, or {@code index.html}. */
    static String fileName(URI u) {
        String path = u.getPath() == null ? "" : u.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() || name.equals("..") || name.equals(".") ? "index.html" : name;
    }

    private static void fetch(ClientSession session, Download d, List<String[]> extra) throws IOException {
        d.started = Asyncio.loop().time();
        ClientRequest req = ClientRequest.get(d.url);
        for (String[] h : extra) {
            req.header(h[0], h[1]);
        }
        try (ClientResponse r = session.request(req)) {
            if (r.status() >= 400) {
                throw new IOException(r.status() + " " + r.reason());
            }
            d.total = r.headers().contains("Content-Encoding") ? -1 : r.contentLength();
            Path parent = d.target.toAbsolutePath().getParent();
            if (parent != null) {
                AsyncFiles.createDirectories(parent);
            }
            try (AsyncFile f = AsyncFiles.open(
                    d.target,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                BodyReader body = r.content();
                byte[] buf = new byte[64 * 1024];
                for (int n = body.read(buf, 0, buf.length); n >= 0; n = body.read(buf, 0, buf.length)) {
                    f.write(buf, 0, n);
                    d.bytes += n;
                }
            }
        } catch (IOException | RuntimeException e) {
            d.error = e.getMessage();
            throw e;
        } finally {
            d.done = true;
        }
    }

    private int usage(@Nullable String message) {
        var err = spec.commandLine().getErr();
        err.println("jasyncio fetch: " + message);
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }

    /** The progress display: bars redrawn in place on a terminal, or one line per finished download. */
    static final class Progress {
        private final PrintWriter out;
        private final List<Download> downloads;
        private final boolean bars;
        private int painted;

        Progress(PrintWriter out, List<Download> downloads, boolean bars) {
            this.out = out;
            this.downloads = downloads;
            this.bars = bars;
        }

        void repaintForever() {
            while (true) {
                paint();
                Asyncio.sleep(Duration.ofMillis(200));
            }
        }

        void finished(Download d) {
            if (!bars) {
                double secs = (Asyncio.loop().time() - d.started) / 1e9;
                out.printf(Locale.ROOT, "done %s -> %s (%d bytes in %.2f s)%n", d.url, d.target, d.bytes, secs);
                out.flush();
            }
        }

        void paint() {
            StringBuilder sb = new StringBuilder();
            if (painted > 0) {
                sb.append("\033[").append(painted).append('F'); // back to the first bar
            }
            long now = Asyncio.loop().time();
            for (Download d : downloads) {
                sb.append("\033[2K").append(line(d, now)).append('\n');
            }
            painted = downloads.size();
            out.print(sb);
            out.flush();
        }

        static String line(Download d, long now) {
            String name = d.target.getFileName() == null
                    ? d.url
                    : d.target.getFileName().toString();
            if (name.length() > 24) {
                name = name.substring(0, 21) + "...";
            }
            double secs = d.started == 0 ? 0 : Math.max((now - d.started) / 1e9, 1e-3);
            double rate = secs == 0 ? 0 : d.bytes / secs;
            String bar;
            String eta = "";
            if (d.total > 0) {
                int filled = (int) Math.min(30, d.bytes * 30 / d.total);
                bar = "[" + "#".repeat(filled) + " ".repeat(30 - filled) + "]";
                if (!d.done && rate > 0) {
                    eta = String.format(Locale.ROOT, " ETA %.0fs", (d.total - d.bytes) / rate);
                }
            } else {
                bar = "[" + (d.done ? "#".repeat(30) : " ".repeat(30)) + "]";
            }
            String state = d.error != null ? " FAILED: " + d.error : d.done ? " done" : "";
            return String.format(
                    Locale.ROOT, "%-24s %s %10s %9s/s%s%s", name, bar, human(d.bytes), human((long) rate), eta, state);
        }

        static String human(long n) {
            if (n < 1024) {
                return n + " B";
            }
            String units = "KMGT";
            double v = n;
            int u = -1;
            while (v >= 1024 && u < units.length() - 1) {
                v /= 1024;
                u++;
            }
            return String.format(Locale.ROOT, "%.1f %siB", v, units.charAt(u));
        }
    }
}
