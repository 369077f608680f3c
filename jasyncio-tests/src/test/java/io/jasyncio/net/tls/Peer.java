package io.jasyncio.net.tls;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.TestCertificates;
import io.jasyncio.testing.TestCertificates.Credential;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer process ({@code openssl s_server}, {@code s_client}, {@code python3}) for the interop tests: started in
 * the PKI folder, its output read off the loop, ended and waited for inside the test so that the leak checks find
 * neither it nor its pipes. Stderr goes to the output too, so failures show why.
 */
final class Peer implements AutoCloseable {
    final Process process;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    private Peer(Process process) {
        this.process = process;
    }

    static Peer start(Path dir, String... cmd) throws IOException {
        return new Peer(new ProcessBuilder(List.of(cmd))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start());
    }

    static Peer openssl(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        return start(dir, cmd.toArray(String[]::new));
    }

    /** Starts {@code openssl s_server} on a free loopback port; returns once it listens. */
    static Peer sServer(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("s_server", "-accept", "127.0.0.1:0", "-naccept", "1"));
        cmd.addAll(List.of(args));
        Peer p = openssl(dir, cmd.toArray(String[]::new));
        p.port = p.awaitPort();
        return p;
    }

    /**
     * Starts {@code openssl s_server -rev} (it answers each line reversed) presenting {@code cert}, with more
     * {@code s_server} options; returns once it listens.
     */
    static Peer reversingServer(TestCertificates pki, Credential cert, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "-rev",
                "-cert",
                cert.certificate().toString(),
                "-key",
                cert.key().toString()));
        args.addAll(List.of(options));
        return sServer(pki.directory(), args.toArray(String[]::new));
    }

    /** Starts {@code openssl s_client} to a loopback {@code port}, trusting the CA of {@code pki}. */
    static Peer sClient(TestCertificates pki, int port, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "s_client", "-connect", "127.0.0.1:" + port, "-CAfile", pki.ca().toString()));
        args.addAll(List.of(options));
        return openssl(pki.directory(), args.toArray(String[]::new));
    }

    int port = -1;

    private int awaitPort() throws Exception {
        String line = lineContaining("ACCEPT");
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
    }

    /** Reads output (off the loop) until a line containing {@code text}; returns that line. */
    String lineContaining(String text) throws Exception {
        return Asyncio.toThread(() -> {
            InputStream in = process.getInputStream();
            StringBuilder line = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("the peer ended before printing " + text + "; output:\n" + output());
                }
                seen.write(c);
                if (c == '\n') {
                    if (line.indexOf(text) >= 0) {
                        return line.toString();
                    }
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
        });
    }

    /** Writes to the peer's stdin (off the loop). */
    void send(String text) throws Exception {
        Asyncio.toThread(() -> {
            process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            return null;
        });
    }

    /** Waits (off the loop) for the peer to exit; returns all it printed. */
    String awaitExit() throws Exception {
        return Asyncio.toThread(() -> {
            process.getOutputStream().close();
            seen.write(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("the peer did not exit; output:\n" + output());
            }
            return output();
        });
    }

    String output() {
        return seen.toString(StandardCharsets.UTF_8);
    }

    int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            Asyncio.toThread(() -> process.waitFor(30, TimeUnit.SECONDS));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        process.getOutputStream().close();
        process.getInputStream().close();
    }
}
