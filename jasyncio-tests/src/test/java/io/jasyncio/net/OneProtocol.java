package io.jasyncio.net;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A server's protocol factory for tests that expect exactly one connection: a second one fails its setup. */
final class OneProtocol implements Supplier<Protocol> {
    private @Nullable Protocol protocol;

    OneProtocol(Protocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public Protocol get() {
        Protocol p = protocol;
        if (p == null) {
            throw new IllegalStateException("a second connection reached a one-connection test server");
        }
        protocol = null;
        return p;
    }
}
