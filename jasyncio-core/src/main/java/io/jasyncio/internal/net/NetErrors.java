package io.jasyncio.internal.net;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes the JDK's terse socket errors ("Connection refused", "Address already in use") name what they were
 * about: the same exception type with the host and port (or path) added to the message and the original as the
 * cause, so {@code catch (ConnectException e)} keeps working and the message tells which connection failed.
 */
final class NetErrors {
    /** The exception types rebuilt as themselves; others are passed through unchanged. */
    private static final Map<Class<?>, Function<String, IOException>> SAME_TYPE = Map.of(
            ConnectException.class, ConnectException::new,
            BindException.class, BindException::new,
            NoRouteToHostException.class, NoRouteToHostException::new,
            PortUnreachableException.class, PortUnreachableException::new,
            SocketTimeoutException.class, SocketTimeoutException::new,
            UnknownHostException.class, UnknownHostException::new,
            SocketException.class, SocketException::new,
            IOException.class, IOException::new);

    private NetErrors() {}

    /**
     * Returns an exception of the same type whose message ends with {@code ": " + where}, caused by {@code e}.
     *
     * @param e the JDK's exception
     * @param where what it was about: {@code host:port} or a path
     * @return the named exception, or {@code e} itself for a type that cannot be rebuilt
     */
    static IOException naming(IOException e, String where) {
        Function<String, IOException> make = SAME_TYPE.get(e.getClass());
        if (make == null) {
            return e;
        }
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        IOException named = make.apply(what + ": " + where);
        named.initCause(e);
        return named;
    }

    /**
     * Returns "Unknown host: {@code host:port} (the resolver's reason)" as an {@link UnknownHostException}.
     *
     * @param e the resolver's exception (its message is usually {@code "host: reason"})
     * @param host the name
     * @param port the port it was wanted for
     * @return the named exception
     */
    static UnknownHostException unknownHost(UnknownHostException e, String host, int port) {
        String reason = e.getMessage();
        if (reason != null && reason.startsWith(host + ": ")) {
            reason = reason.substring(host.length() + 2);
        }
        String suffix = reason == null || reason.isEmpty() || reason.equals(host) ? "" : " (" + reason + ")";
        UnknownHostException named = new UnknownHostException("Unknown host: " + hostPort(host, port) + suffix);
        named.initCause(e);
        return named;
    }

    /**
     * Formats a host and a port as {@code host:port} ({@code [v6]:port} for an IPv6 literal).
     *
     * @param host a name or a literal
     * @param port the port
     * @return the text
     */
    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Describes a resolved address as the user named it: {@code name:port (literal)}, or {@code literal:port}
     * when it was given as a literal.
     *
     * @param addr the address
     * @return the text
     */
    static String describe(InetSocketAddress addr) {
        String name = addr.getHostString();
        String literal = addr.getAddress() == null ? null : addr.getAddress().getHostAddress();
        if (literal == null || literal.equals(name)) {
            return hostPort(name, addr.getPort());
        }
        return hostPort(name, addr.getPort()) + " (" + literal + ")";
    }
}
