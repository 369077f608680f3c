package io.jasyncio.cli;

import io.jasyncio.net.TlsContexts;
import io.jasyncio.net.TlsOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --tls CERT KEY} option of the server commands ({@code echo}, {@code serve}), a picocli mixin. */
final class TlsOption {

    @Option(
            names = "--tls",
            arity = "2",
            paramLabel = "PEM",
            description = "Serve TLS with CERT KEY: a PEM certificate chain and its unencrypted PKCS#8 (or PKCS#1 RSA)"
                    + " private key.")
    private @Nullable List<Path> files;

    /** Returns whether {@code --tls} was given. */
    boolean enabled() {
        return files != null;
    }

    /**
     * Returns the server TLS options from the PEM files, or {@code null} when {@code --tls} was not given.
     *
     * @throws IOException if a file cannot be read or holds no usable certificate or key (a usage error)
     */
    @Nullable
    TlsOptions serverOptions() throws IOException {
        List<Path> pem = files;
        return pem == null ? null : TlsOptions.server(TlsContexts.fromPem(pem.get(0), pem.get(1)));
    }
}
