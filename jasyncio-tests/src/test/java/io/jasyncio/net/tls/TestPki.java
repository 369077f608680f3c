package io.jasyncio.net.tls;

import io.jasyncio.net.TlsContexts;
import io.jasyncio.net.TlsOptions;
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
import javax.net.ssl.SSLContext;

/**
 * Certificates made at test time with {@code openssl} (no keytool, nothing checked in): a CA, a server certificate
 * for {@code localhost} and {@code 127.0.0.1}, a second one for {@code sni.test}, a client certificate (mutual TLS),
 * and the bad ones: expired, not yet valid, self-signed, issued by an unknown CA, and for another host. Made once per
 * JVM in a temporary folder removed at exit; call {@link #get()} from a {@code @BeforeAll} (it runs processes).
 */
public final class TestPki {
    private static TestPki instance;

    final Path dir;
    final Path ca;
    final Path serverCert;
    final Path serverKey;
    final Path sniCert;
    final Path sniKey;
    final Path clientCert;
    final Path clientKey;
    final Path expiredCert;
    final Path notYetValidCert;
    final Path selfSignedCert;
    final Path selfSignedKey;
    final Path untrustedCert;
    final Path untrustedKey;
    final Path wrongHostCert;

    private TestPki(Path dir) throws IOException {
        this.dir = dir;
        ca = dir.resolve("ca.pem");
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
                "/CN=jasyncio test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        Path otherCa = dir.resolve("other-ca.pem");
        Path otherCaKey = dir.resolve("other-ca.key");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                otherCaKey.toString(),
                "-out",
                otherCa.toString(),
                "-days",
                "30",
                "-subj",
                "/CN=unknown CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        Files.writeString(dir.resolve("ca.cnf"), """
                [ ca ]
                default_ca = test
                [ test ]
                dir = %s
                database = $dir/index.txt
                new_certs_dir = $dir
                serial = $dir/serial
                default_md = sha256
                policy = any
                unique_subject = no
                [ any ]
                commonName = supplied
                """.formatted(dir));
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("serial"), "1000\n");

        serverKey = dir.resolve("server.key");
        serverCert = leaf("server", serverKey, ca, caKey, "DNS:localhost,IP:127.0.0.1", "serverAuth", null);
        sniKey = dir.resolve("sni.key");
        sniCert = leaf("sni", sniKey, ca, caKey, "DNS:sni.test", "serverAuth", null);
        clientKey = dir.resolve("client.key");
        clientCert = leaf("client", clientKey, ca, caKey, "DNS:client.test", "clientAuth", null);
        expiredCert = leaf(
                "expired",
                dir.resolve("expired.key"),
                ca,
                caKey,
                "DNS:localhost,IP:127.0.0.1",
                "serverAuth",
                new String[] {"20200101000000Z", "20200102000000Z"});
        notYetValidCert = leaf(
                "future",
                dir.resolve("future.key"),
                ca,
                caKey,
                "DNS:localhost,IP:127.0.0.1",
                "serverAuth",
                new String[] {"20900101000000Z", "20900102000000Z"});
        untrustedKey = dir.resolve("untrusted.key");
        untrustedCert =
                leaf("untrusted", untrustedKey, otherCa, otherCaKey, "DNS:localhost,IP:127.0.0.1", "serverAuth", null);
        wrongHostCert =
                leaf("wronghost", dir.resolve("wronghost.key"), ca, caKey, "DNS:other.test", "serverAuth", null);
        selfSignedKey = dir.resolve("selfsigned.key");
        selfSignedCert = dir.resolve("selfsigned.pem");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                selfSignedKey.toString(),
                "-out",
                selfSignedCert.toString(),
                "-days",
                "30",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1");
    }

    /** Returns the certificates, making them on first use. */
    public static synchronized TestPki get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("jasyncio-pki");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                instance = new TestPki(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A key and a certificate signed by {@code issuer}; {@code dates} (start, end) makes one with given dates. */
    private Path leaf(String name, Path key, Path issuer, Path issuerKey, String san, String usage, String[] dates)
            throws IOException {
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=" + san + "\nextendedKeyUsage=" + usage + "\n");
        openssl(
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                csr.toString(),
                "-subj",
                "/CN=" + name);
        if (dates == null) {
            openssl(
                    "x509",
                    "-req",
                    "-in",
                    csr.toString(),
                    "-CA",
                    issuer.toString(),
                    "-CAkey",
                    issuerKey.toString(),
                    "-CAcreateserial",
                    "-out",
                    cert.toString(),
                    "-days",
                    "30",
                    "-extfile",
                    ext.toString());
        } else {
            openssl(
                    "ca",
                    "-batch",
                    "-notext",
                    "-config",
                    dir.resolve("ca.cnf").toString(),
                    "-cert",
                    issuer.toString(),
                    "-keyfile",
                    issuerKey.toString(),
                    "-in",
                    csr.toString(),
                    "-out",
                    cert.toString(),
                    "-startdate",
                    dates[0],
                    "-enddate",
                    dates[1],
                    "-extfile",
                    ext.toString());
        }
        return cert;
    }

    private void openssl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }

    /** Server options with the {@code localhost} certificate. */
    public TlsOptions server() {
        return TlsOptions.server(context(serverCert, serverKey, null));
    }

    /** Client options trusting the test CA. */
    public TlsOptions client() {
        try {
            return TlsOptions.client(TlsContexts.trusting(ca));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SSLContext context(Path cert, Path key, Path trusted) {
        try {
            return TlsContexts.fromPem(cert, key, trusted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
