package io.jasyncio.http.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server process for the interop tests, started outside the loop (in {@code @BeforeAll}) and stopped by PID.
 * It must print {@code PORT <n>} on its first line.
 */
final class PeerProcess implements AutoCloseable {
    private final Process process;
    final int port;

    private PeerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The Python with aiohttp: {@code $JASYNCIO_PYTHON}, else Debian's {@code /usr/bin/python3}. */
    static String python() {
        String p = System.getenv("JASYNCIO_PYTHON");
        return p != null ? p : Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    static Path resource(String name) {
        try {
            return Path.of(PeerProcess.class.getResource("/peers/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource peers/" + name, e);
        }
    }

    /** Starts the aiohttp test server (keep-alive timeout in seconds). */
    static PeerProcess aiohttp(double keepAlive) throws IOException {
        return start(List.of(python(), resource("aiohttp_server.py").toString(), Double.toString(keepAlive)));
    }

    static PeerProcess start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(command))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new IOException("the peer " + command + " did not start (is aiohttp installed? "
                    + "apt-get install python3-aiohttp): " + line);
        }
        return new PeerProcess(p, Integer.parseInt(line.substring(5).trim()));
    }

    /** Returns a port that was free a moment ago (for servers that cannot listen on port 0). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts a server that listens on a known port, and waits until it accepts connections. */
    static PeerProcess listening(List<String> command, int port, Path log) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            try (java.net.Socket _ = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return new PeerProcess(p, port);
            } catch (IOException e) {
                if (!p.isAlive()) {
                    break;
                }
                try {
                    Thread.sleep(20); // polling a child process's start-up, outside any loop
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        p.destroyForcibly();
        throw new IOException("the peer " + command + " did not start: " + Files.readString(log));
    }

    /**
     * Starts nginx in the foreground, one worker, its files and logs under {@code dir}, with {@code httpSettings}
     * (directives and {@code server} blocks) inside its {@code http} block; returns once {@code port} (one of the servers' ports) accepts connections.
     */
    static PeerProcess nginx(Path dir, int port, String httpSettings) throws IOException {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    default_type text/plain;
                """.formatted(dir) + httpSettings + "}\n");
        return listening(
                List.of(executable("nginx"), "-p", dir.toString(), "-c", conf.toString()),
                port,
                dir.resolve("nginx.log"));
    }

    /**
     * Starts tinyproxy on 127.0.0.1 with Basic credentials {@code proxyuser:proxypass}, its {@code Via} header on,
     * and CONNECT allowed to any port (there is no {@code ConnectPort} line).
     */
    static PeerProcess tinyproxy(Path dir) throws IOException {
        int port = freePort();
        Path conf = dir.resolve("tinyproxy.conf");
        Files.writeString(conf, """
                Port %d
                Listen 127.0.0.1
                Timeout 30
                MaxClients 20
                Allow 127.0.0.1
                LogLevel Critical
                BasicAuth proxyuser proxypass
                DisableViaHeader No
                """.formatted(port));
        return listening(List.of(executable("tinyproxy"), "-d", "-c", conf.toString()), port, dir.resolve("log"));
    }

    /** Finds an executable (nginx lives in /usr/sbin, often not on a user's PATH). */
    static String executable(String name) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(name + " is not installed (.ci/run installs it: apt-get install " + name
                + (name.equals("nginx") ? "-light" : "") + ")");
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() throws IOException {
        try {
            process.getOutputStream().close(); // a script ends when its stdin closes
        } catch (IOException e) {
            // already closed
        }
        process.destroy(); // SIGTERM for the others (nginx, tinyproxy); harmless for an exited script
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
