package io.jasyncio.http.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A CA and a server certificate for {@code localhost} and {@code 127.0.0.1}, made with {@code openssl} at test time
 * (nothing checked in), once per JVM in a temporary folder removed at exit. Call {@link #get()} off the loop or from
 * a {@code @BeforeAll}: it runs processes.
 *
 * @param ca the CA certificate clients trust ({@code curl --cacert}, Python's {@code cafile}/{@code verify})
 * @param serverCert the server's certificate, signed by the CA
 * @param serverKey the server's unencrypted PKCS#8 key
 * @param clientCert a client certificate ({@code CN=client.test}) signed by the CA, for mutual TLS
 * @param clientKey its key
 */
public record TestCertificates(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

    private static @Nullable TestCertificates instance;

    /** Returns the certificates, making them on first use. */
    public static synchronized TestCertificates get() {
        TestCertificates made = instance;
        if (made == null) {
            try {
                Path dir = Files.createTempDirectory("jasyncio-http-pki");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                made = make(dir);
                instance = made;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return made;
    }

    private static TestCertificates make(Path dir) throws IOException {
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca.key");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                caKey.toString(),
                "-out",
                ca.toString(),
                "-days",
                "30",
                "-subj",
                "/CN=jasyncio-http test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        // OpenSSL 3's "req -x509 -CA" signs the new key's certificate with the CA in one step.
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-days",
                "30",
                "-subj",
                "/CN=localhost",
                "-CA",
                ca.toString(),
                "-CAkey",
                caKey.toString(),
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-addext",
                "basicConstraints=CA:FALSE",
                "-addext",
                "extendedKeyUsage=serverAuth");
        Path clientCert = dir.resolve("client.pem");
        Path clientKey = dir.resolve("client.key");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                clientKey.toString(),
                "-out",
                clientCert.toString(),
                "-days",
                "30",
                "-subj",
                "/CN=client.test",
                "-CA",
                ca.toString(),
                "-CAkey",
                caKey.toString(),
                "-addext",
                "basicConstraints=CA:FALSE",
                "-addext",
                "extendedKeyUsage=clientAuth");
        return new TestCertificates(ca, cert, key, clientCert, clientKey);
    }

    private static void openssl(String... args) throws IOException {
        var command = new ArrayList<String>(List.of("openssl"));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("openssl failed: " + command + "\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
