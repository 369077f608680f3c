package io.jasyncio.testing;

import io.jasyncio.net.TlsContexts;
import io.jasyncio.net.TlsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A certificate authority for tests, made with the real {@code openssl} at test time (nothing checked in, no
 * keytool): a CA, leaf certificates it issues for host names and IP addresses, self-signed ones, and the
 * {@link SSLContext}s and {@link TlsOptions} that servers, clients and mutual TLS need.
 *
 * {@snippet :
 * static TestCertificates pki;
 *
 * @BeforeAll
 * static void certificates() {
 *     pki = TestCertificates.shared(); // openssl runs here, not inside a test's loop
 * }
 *
 * @AsyncioTest(realClock = true)
 * void echoOverTls() throws Exception {
 *     var server = Streams.startServer(handler, "127.0.0.1", 0,
 *             ServerOptions.defaults().withTls(pki.serverTls()), StreamReader.DEFAULT_LIMIT);
 *     var connection = Streams.openConnection("127.0.0.1", server.port(),
 *             ConnectOptions.defaults().withTls(pki.clientTls()), StreamReader.DEFAULT_LIMIT);
 *     // ...
 * }
 * }
 *
 * <h2>Files</h2>
 * Everything is PEM in {@link #directory()}: the CA's certificate is {@code ca.pem} (what {@code curl --cacert},
 * {@code openssl -CAfile} and Python's {@code cafile} want) and its key {@code ca.key}; a certificate made under
 * the name {@code n} is {@code n.pem}, its unencrypted PKCS#8 key {@code n.key}. Peer processes started in the
 * directory can therefore name them relatively ({@code openssl s_server -cert server.pem -key server.key}). Keys are
 * EC P-256. The subject of each leaf is {@code CN=<name>}; its subject alternative names are the host names and IP
 * literals asked for. Certificates are valid for 30 days from when they are made unless dates are given.
 *
 * <h2>Made once</h2>
 * A certificate is made on first request and kept: asking again for the same name with the same properties returns
 * the same files, asking for it with different ones is an {@link IllegalArgumentException}. {@link #shared()} is
 * one CA per JVM, so the test classes of a run share its files; the directories made by {@link #shared()} and
 * {@link #createTemporary(String)} are deleted when the JVM exits.
 *
 * <p>Methods that make a certificate run {@code openssl} and wait for it: call them from a {@code @BeforeAll} or
 * another place off the loop (the calls that return an existing certificate do not block). They throw
 * {@link UncheckedIOException} when {@code openssl} is missing or fails, with its output.
 *
 * <p><b>Thread safety:</b> all methods may be called from any thread.
 */
public final class TestCertificates {

    /** What a leaf certificate may be used for: its extended key usage. */
    public enum Usage {
        /** TLS server authentication ({@code serverAuth}). */
        SERVER("serverAuth"),
        /** TLS client authentication ({@code clientAuth}), for mutual TLS. */
        CLIENT("clientAuth");

        private final String extendedKeyUsage;

        Usage(String extendedKeyUsage) {
            this.extendedKeyUsage = extendedKeyUsage;
        }
    }

    /**
     * A certificate and its private key, as PEM files.
     *
     * @param certificate the certificate ({@code name.pem})
     * @param key its unencrypted PKCS#8 private key ({@code name.key})
     */
    public record Credential(Path certificate, Path key) {

        /**
         * Returns a context that presents this certificate and trusts the JDK's default CAs: a server's.
         *
         * @return a new context
         */
        public SSLContext context() {
            return context(null);
        }

        /**
         * Returns a context that presents this certificate and trusts the CAs in {@code trustedCas}: a server that
         * checks client certificates, or a client of mutual TLS.
         *
         * @param trustedCas a PEM file of CA certificates, or {@code null} for the JDK's defaults
         * @return a new context
         */
        public SSLContext context(@Nullable Path trustedCas) {
            try {
                return TlsContexts.fromPem(certificate, key, trustedCas);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The name under which {@link #server()} is made. */
    public static final String SERVER_NAME = "server";

    /** The name under which {@link #client()} is made. */
    public static final String CLIENT_NAME = "client.test";

    /** The names {@link #server()} is valid for. */
    public static final List<String> LOCALHOST = List.of("localhost", "127.0.0.1");

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final DateTimeFormatter OPENSSL_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int DAYS = 30;

    private static @Nullable TestCertificates shared;

    private final Path directory;
    private final Path ca;
    private final Path caKey;
    /** The {@code openssl ca} configuration, database and serial number, kept apart from the PEM files. */
    private final Path caDatabase;
    /** What was made under each name (guarded by {@code this}). */
    private final Map<String, Made> made = new HashMap<>();

    /** A certificate made, with what it was asked for, to tell a repeated request from a conflicting one. */
    private record Made(Spec spec, Credential credential) {}

    /** What a certificate was asked for; {@code usage} is null for a self-signed one. */
    private record Spec(
            @Nullable Usage usage,
            List<String> names,
            @Nullable Instant notBefore,
            @Nullable Instant notAfter) {}

    private TestCertificates(Path directory, String caName) throws IOException {
        this.directory = directory;
        this.ca = directory.resolve("ca.pem");
        this.caKey = directory.resolve("ca.key");
        this.caDatabase = Files.createDirectories(directory.resolve("ca-database"));
        selfSignedCertificate(
                new Credential(ca, caKey),
                caName,
                List.of("basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign"));
        // "openssl ca" rather than "x509 -req": it is the one that takes explicit validity dates (OpenSSL 3.0).
        Files.writeString(caDatabase.resolve("ca.cnf"), """
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
                """.formatted(caDatabase));
        Files.writeString(caDatabase.resolve("index.txt"), "");
        Files.writeString(caDatabase.resolve("serial"), "1000\n");
    }

    /**
     * Returns the JVM's shared CA ({@code CN=jasyncio test CA}) with {@link #server()} and {@link #client()}, making
     * them on first use in a temporary directory deleted at exit. Once this returned, the methods that use only those
     * two certificates never run {@code openssl}, so a test may call them on its loop.
     *
     * @return the shared certificates
     */
    public static synchronized TestCertificates shared() {
        TestCertificates pki = shared;
        if (pki == null) {
            pki = createTemporary("jasyncio test CA");
            pki.server();
            pki.client();
            shared = pki;
        }
        return pki;
    }

    /**
     * Makes a new CA in a new temporary directory that is deleted when the JVM exits: a second, unrelated CA (whose
     * certificates the {@link #shared()} one's clients do not trust), or certificates a test must not share.
     *
     * @param caName the CA's common name; CAs that a test uses together need different names (a verifier finds the
     *     issuer by name)
     * @return the new CA
     */
    public static TestCertificates createTemporary(String caName) {
        try {
            Path dir = Files.createTempDirectory("jasyncio-pki");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return new TestCertificates(dir, caName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes a new CA in {@code directory} (a {@code @TempDir}, for example), which the caller deletes.
     *
     * @param directory an existing directory for the files
     * @param caName the CA's common name
     * @return the new CA
     */
    public static TestCertificates create(Path directory, String caName) {
        try {
            return new TestCertificates(directory, caName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the directory that holds the PEM files; peer processes may run in it and name them relatively.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the CA's certificate, {@code ca.pem}: the file a client trusts.
     *
     * @return the path of the CA certificate
     */
    public Path ca() {
        return ca;
    }

    /**
     * Returns the server certificate {@code CN=server} for {@code localhost} and {@code 127.0.0.1}
     * ({@code server.pem}, {@code server.key}), issued by the CA.
     *
     * @return the server's certificate and key
     */
    public Credential server() {
        return issue(SERVER_NAME, Usage.SERVER, LOCALHOST.toArray(String[]::new));
    }

    /**
     * Returns the client certificate {@code CN=client.test} for mutual TLS ({@code client.test.pem},
     * {@code client.test.key}), issued by the CA.
     *
     * @return the client's certificate and key
     */
    public Credential client() {
        return issue(CLIENT_NAME, Usage.CLIENT, CLIENT_NAME);
    }

    /**
     * Returns a certificate {@code CN=name} issued by the CA for {@code names}, valid for 30 days from when it is
     * made.
     *
     * @param name the common name and the files' base name (letters, digits, {@code .}, {@code _}, {@code -})
     * @param usage what the certificate may be used for
     * @param names the host names and IP literals it is valid for (its subject alternative names)
     * @return the certificate and key
     * @throws IllegalArgumentException if {@code name} was already made with other properties, or is not a file
     *     name
     */
    public Credential issue(String name, Usage usage, String... names) {
        return make(name, new Spec(usage, List.of(names), null, null));
    }

    /**
     * Returns a certificate {@code CN=name} issued by the CA for {@code names}, valid from {@code notBefore} to
     * {@code notAfter}: an expired or a not yet valid one.
     *
     * @param name the common name and the files' base name
     * @param usage what the certificate may be used for
     * @param notBefore the start of its validity (whole seconds)
     * @param notAfter the end of its validity
     * @param names the host names and IP literals it is valid for
     * @return the certificate and key
     * @throws IllegalArgumentException if {@code name} was already made with other properties, or is not a file
     *     name
     */
    public Credential issue(String name, Usage usage, Instant notBefore, Instant notAfter, String... names) {
        return make(name, new Spec(usage, List.of(names), notBefore, notAfter));
    }

    /**
     * Returns a self-signed certificate {@code CN=name} for {@code names}: one that no CA vouches for.
     *
     * @param name the common name and the files' base name
     * @param names the host names and IP literals it is valid for
     * @return the certificate and key
     * @throws IllegalArgumentException if {@code name} was already made with other properties, or is not a file
     *     name
     */
    public Credential selfSigned(String name, String... names) {
        return make(name, new Spec(null, List.of(names), null, null));
    }

    /**
     * Returns a context that presents {@link #server()} and trusts the JDK's default CAs.
     *
     * @return a new server context
     */
    public SSLContext serverContext() {
        return server().context();
    }

    /**
     * Returns a context that trusts this CA only and presents no certificate: a client's.
     *
     * @return a new client context
     */
    public SSLContext clientContext() {
        try {
            return TlsContexts.trusting(ca);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns server options presenting {@link #server()}, without client certificates.
     *
     * @return server TLS options
     */
    public TlsOptions serverTls() {
        return TlsOptions.server(serverContext());
    }

    /**
     * Returns client options that trust this CA (and verify the host name, as always).
     *
     * @return client TLS options
     */
    public TlsOptions clientTls() {
        return TlsOptions.client(clientContext());
    }

    /**
     * Returns server options presenting {@link #server()} that require a client certificate issued by this CA.
     *
     * @return server TLS options for mutual TLS
     */
    public TlsOptions mutualServerTls() {
        return TlsOptions.server(server().context(ca)).withClientAuth(TlsOptions.ClientAuth.REQUIRED);
    }

    /**
     * Returns client options presenting {@link #client()} and trusting this CA.
     *
     * @return client TLS options for mutual TLS
     */
    public TlsOptions mutualClientTls() {
        return TlsOptions.client(client().context(ca));
    }

    @Override
    public synchronized String toString() {
        return "TestCertificates[" + directory + ", made=" + made.size() + "]";
    }

    private synchronized Credential make(String name, Spec spec) {
        if (!FILE_NAME.matcher(name).matches() || name.equals("ca")) {
            throw new IllegalArgumentException("not a certificate name: " + name);
        }
        Made before = made.get(name);
        if (before != null) {
            if (!before.spec().equals(spec)) {
                throw new IllegalArgumentException(
                        "certificate " + name + " was already made as " + before.spec() + ", not " + spec);
            }
            return before.credential();
        }
        var credential = new Credential(directory.resolve(name + ".pem"), directory.resolve(name + ".key"));
        Usage usage = spec.usage();
        try {
            if (usage == null) {
                selfSignedCertificate(credential, name, subjectAltName(spec.names()));
            } else {
                issuedCertificate(credential, name, spec, usage);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        made.put(name, new Made(spec, credential));
        return credential;
    }

    /** A new key and a certificate for it signed by itself, with {@code extensions} ({@code -addext} values). */
    private void selfSignedCertificate(Credential credential, String commonName, List<String> extensions)
            throws IOException {
        var args = new ArrayList<>(List.of("req", "-x509"));
        args.addAll(newKey(credential.key(), commonName));
        args.addAll(List.of("-out", credential.certificate().toString(), "-days", String.valueOf(DAYS)));
        for (String extension : extensions) {
            args.addAll(List.of("-addext", extension));
        }
        openssl(args);
    }

    /** The {@code openssl req} options that make a new EC P-256 key, unencrypted, and name its subject. */
    private static List<String> newKey(Path key, String commonName) {
        return List.of(
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                key.toString(),
                "-subj",
                "/CN=" + commonName);
    }

    /** A new key and a certificate for it signed by the CA. */
    private void issuedCertificate(Credential credential, String name, Spec spec, Usage usage) throws IOException {
        Path request = caDatabase.resolve(name + ".csr");
        Path extensions = caDatabase.resolve(name + ".ext");
        var lines = new ArrayList<>(List.of("basicConstraints=CA:FALSE", "extendedKeyUsage=" + usage.extendedKeyUsage));
        lines.addAll(subjectAltName(spec.names()));
        Files.write(extensions, lines);
        var newRequest = new ArrayList<>(List.of("req", "-new"));
        newRequest.addAll(newKey(credential.key(), name));
        newRequest.addAll(List.of("-out", request.toString()));
        openssl(newRequest);
        var args = new ArrayList<>(List.of(
                "ca",
                "-batch",
                "-notext",
                "-config",
                caDatabase.resolve("ca.cnf").toString(),
                "-cert",
                ca.toString(),
                "-keyfile",
                caKey.toString(),
                "-in",
                request.toString(),
                "-out",
                credential.certificate().toString(),
                "-extfile",
                extensions.toString()));
        Instant notBefore = spec.notBefore();
        Instant notAfter = spec.notAfter();
        if (notBefore != null && notAfter != null) {
            args.addAll(
                    List.of("-startdate", OPENSSL_TIME.format(notBefore), "-enddate", OPENSSL_TIME.format(notAfter)));
        } else {
            args.addAll(List.of("-days", String.valueOf(DAYS)));
        }
        openssl(args);
    }

    /** The extension naming {@code names} ({@code DNS:host} or {@code IP:address} each), none without names. */
    private static List<String> subjectAltName(List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return List.of("subjectAltName="
                + names.stream().map(n -> (isIpLiteral(n) ? "IP:" : "DNS:") + n).collect(Collectors.joining(",")));
    }

    private static boolean isIpLiteral(String name) {
        try {
            InetAddress.ofLiteral(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Runs openssl in the directory; fails with its output when it fails. */
    private void openssl(List<String> args) throws IOException {
        var command = new ArrayList<String>();
        command.add("openssl");
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run openssl (Debian package: openssl): " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("openssl did not finish in 60 s: " + command);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("openssl failed (exit " + process.exitValue() + "): " + command + "\n" + output);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
