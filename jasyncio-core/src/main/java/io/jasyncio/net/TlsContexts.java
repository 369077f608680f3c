package io.jasyncio.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link SSLContext}s from PEM files, with the JDK alone and no keytool step: a certificate chain and its
 * private key for a server (or a client of mutual TLS), and CA certificates to trust.
 *
 * {@snippet :
 * SSLContext server = TlsContexts.fromPem(Path.of("cert.pem"), Path.of("key.pem"));
 * SSLContext client = TlsContexts.trusting(Path.of("ca.pem"));
 * SSLContext mtls = TlsContexts.fromPem(Path.of("client.pem"), Path.of("client-key.pem"), Path.of("ca.pem"));
 * }
 *
 * <h2>Accepted PEM</h2>
 * Certificates: {@code -----BEGIN CERTIFICATE-----} blocks, leaf first. Private keys, unencrypted only:
 * <ul>
 *   <li>PKCS#8 {@code -----BEGIN PRIVATE KEY-----} (what {@code openssl req -newkey} and {@code openssl genpkey}
 *       write) for RSA, RSASSA-PSS, EC, Ed25519/Ed448 and X25519/X448 keys;
 *   <li>PKCS#1 {@code -----BEGIN RSA PRIVATE KEY-----} (older {@code openssl genrsa}).
 * </ul>
 * Not accepted: encrypted keys ({@code ENCRYPTED PRIVATE KEY}, or a PKCS#1 block with a {@code Proc-Type} header)
 * and SEC1 {@code -----BEGIN EC PRIVATE KEY-----}; convert them with
 * {@code openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem}.
 *
 * <p>These methods read files: call them before the loop runs, or through {@code Asyncio.toThread}.
 *
 * <p><b>Thread safety:</b> stateless; any thread.
 */
public final class TlsContexts {
    private static final char[] NO_PASSWORD = new char[0];
    /** The key algorithms a PKCS#8 key is tried with, most common first. */
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "X25519", "X448"};

    private TlsContexts() {}

    /**
     * Returns a context with a certificate chain and its key, trusting the JDK's default CAs (for peers' client
     * certificates, if a server asks for them).
     *
     * @param certificateChain PEM certificates, leaf first
     * @param privateKey the PEM private key of the leaf (see "Accepted PEM" above)
     * @return the context
     * @throws IOException if a file cannot be read or holds nothing usable; the message names the file
     */
    public static SSLContext fromPem(Path certificateChain, Path privateKey) throws IOException {
        return fromPem(certificateChain, privateKey, null);
    }

    /**
     * Returns a context with a certificate chain and its key, trusting only the CAs in {@code trustedCas} (the JDK's
     * defaults if {@code null}): what both sides of mutual TLS use.
     *
     * @param certificateChain PEM certificates, leaf first
     * @param privateKey the PEM private key of the leaf
     * @param trustedCas PEM CA certificates to trust, or {@code null} for the JDK's default CAs
     * @return the context
     * @throws IOException if a file cannot be read or holds nothing usable; the message names the file
     */
    public static SSLContext fromPem(Path certificateChain, Path privateKey, @Nullable Path trustedCas)
            throws IOException {
        List<X509Certificate> chain = certificates(certificateChain);
        PrivateKey key = privateKey(privateKey);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            return context(kmf.getKeyManagers(), trustedCas == null ? null : trustManagers(trustedCas));
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    "cannot use the key " + privateKey + " with the certificates " + certificateChain + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Returns a client context that trusts only the CAs in a PEM file (and presents no certificate).
     *
     * @param trustedCas PEM CA certificates
     * @return the context
     * @throws IOException if the file cannot be read or holds no certificate
     */
    public static SSLContext trusting(Path trustedCas) throws IOException {
        return context(null, trustManagers(trustedCas));
    }

    /**
     * Returns a client context that accepts ANY server certificate, expired, self-signed or forged alike: TLS then
     * only encrypts, and whoever sits in the middle can read everything. For tests and closed networks only.
     *
     * @return the context
     */
    public static SSLContext insecureTrustingAnyCertificate() {
        X509TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            return context(null, new TrustManager[] {any});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext context(KeyManager @Nullable [] keys, TrustManager @Nullable [] trust)
            throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(Path cas) throws IOException {
        List<X509Certificate> certs = certificates(cas);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < certs.size(); i++) {
                ks.setCertificateEntry("ca" + i, certs.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust the certificates in " + cas + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the certificates of a PEM file.
     *
     * @param file the file
     * @return the certificates, in file order
     * @throws IOException if it cannot be read or holds none
     */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        byte[] pem = Files.readAllBytes(file);
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c :
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException("no certificate in " + file);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificates in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an unencrypted private key from a PEM file (see "Accepted PEM" above).
     *
     * @param file the file
     * @return the key
     * @throws IOException if it cannot be read, holds no key, or holds a kind not accepted (the message says how to
     *     convert it)
     */
    public static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new IOException(file + " holds an encrypted private key; decrypt it first with"
                    + " openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem");
        }
        byte[] pkcs8;
        String label = "PRIVATE KEY";
        byte[] der = block(text, label);
        if (der != null) {
            pkcs8 = der;
        } else if ((der = block(text, "RSA PRIVATE KEY")) != null) {
            pkcs8 = rsaPkcs1ToPkcs8(der);
        } else if (text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new IOException(file + " holds a SEC1 EC key, which is not accepted; convert it to PKCS#8 with"
                    + " openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key.pem");
        } else {
            throw new IOException("no PEM private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY) in " + file);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String alg : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // not this algorithm: try the next
            }
        }
        throw new IOException("the private key in " + file + " is of no algorithm the JDK knows");
    }

    /** Returns the DER bytes of the first {@code -----BEGIN label-----} block, or {@code null}. */
    private static byte @Nullable [] block(String text, String label) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        int start = text.indexOf(begin);
        if (start < 0) {
            return null;
        }
        int end = text.indexOf("-----END " + label + "-----", start);
        if (end < 0) {
            throw new IOException("unterminated PEM block " + label);
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IOException("bad base64 in the PEM block " + label, e);
        }
    }

    /**
     * Wraps a PKCS#1 RSA key in a PKCS#8 {@code PrivateKeyInfo}: {@code SEQUENCE { INTEGER 0, SEQUENCE { OID
     * rsaEncryption, NULL }, OCTET STRING pkcs1 }}.
     */
    private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] algorithm = {
            0x30,
            0x0d,
            0x06,
            0x09,
            0x2a,
            (byte) 0x86,
            0x48,
            (byte) 0x86,
            (byte) 0xf7,
            0x0d,
            0x01,
            0x01,
            0x01,
            0x05,
            0x00
        };
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    /** Encodes one DER element: tag, definite length, content. */
    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] len;
        if (n < 0x80) {
            len = new byte[] {(byte) n};
        } else if (n < 0x100) {
            len = new byte[] {(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else {
            len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        byte[] out = new byte[1 + len.length + n];
        out[0] = (byte) tag;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(content, 0, out, 1 + len.length, n);
        return out;
    }
}
