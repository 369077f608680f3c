package io.jasyncio.http.server;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an {@link HttpServer} treats its connections: timeouts, size limits, the access log and the number of
 * worker loops. Start from {@link #defaults()} and change what you need with the {@code with…} methods.
 *
 * @param keepAliveTimeout how long an idle keep-alive connection is kept (aiohttp's {@code keepalive_timeout})
 * @param headerTimeout the time a client has from the first byte of a request to the end of its head (slowloris
 *     defence); over it: 408 and close
 * @param bodyTimeout the longest pause while a request body is being received; over it: 408 and close
 * @param clientMaxSize the largest request body accepted (aiohttp's {@code client_max_size}), streamed or not: a
 *     larger {@code Content-Length} is refused before the body is read, a chunked body fails once past it; 413
 * @param maxRequestLine the longest request line, in bytes; over it: 414
 * @param maxHeaderLine the longest header line, in bytes; over it: 431
 * @param maxHeaders the most header fields; over it: 431
 * @param shutdownTimeout how long a graceful shutdown waits for requests in flight before cancelling them
 * @param accessLogFormat the access log line (see {@link AccessLog}), or {@code null} for no access log
 * @param workers the number of loops serving, each on its own thread (the calling loop is one of them); how
 *     connections reach them: see {@code singleAcceptor}
 * @param singleAcceptor with more than one worker, one listening socket on the calling loop accepts every
 *     connection and hands each to the next loop in turn (round-robin, itself included), instead of one listening
 *     socket per loop bound with {@code SO_REUSEPORT} and spread by the kernel. Used anyway where the OS has no
 *     {@code SO_REUSEPORT} ({@link HttpServer#reusePortSupported()}); set it to force the hand-over (to test it, or
 *     where the kernel spreads unevenly)
 */
public record ServerConfig(
        Duration keepAliveTimeout,
        Duration headerTimeout,
        Duration bodyTimeout,
        long clientMaxSize,
        int maxRequestLine,
        int maxHeaderLine,
        int maxHeaders,
        Duration shutdownTimeout,
        @Nullable String accessLogFormat,
        int workers,
        boolean singleAcceptor) {

    /** aiohttp's access log format: {@code %a %t "%r" %s %b "%{Referer}i" "%{User-Agent}i"}. */
    public static final String COMBINED = "%a %t \"%r\" %s %b \"%{Referer}i\" \"%{User-Agent}i\"";

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a duration is not positive or a limit is below 1
     */
    public ServerConfig {
        for (var d : new Duration[] {keepAliveTimeout, headerTimeout, bodyTimeout, shutdownTimeout}) {
            if (Objects.requireNonNull(d).isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
        if (clientMaxSize < 0 || maxRequestLine < 1 || maxHeaderLine < 1 || maxHeaders < 1 || workers < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * Returns the defaults: keep-alive 75 s, head 10 s, body pauses 60 s, bodies up to 1 MiB, request line and
     * header lines 8 KiB, 100 headers, shutdown 60 s, the {@link #COMBINED} access log, one worker, a listening socket
     * per worker where {@code SO_REUSEPORT} exists.
     */
    public static ServerConfig defaults() {
        return new ServerConfig(
                Duration.ofSeconds(75),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                1024 * 1024,
                8192,
                8192,
                100,
                Duration.ofSeconds(60),
                COMBINED,
                1,
                false);
    }

    /** Returns a copy with another keep-alive timeout. */
    public ServerConfig withKeepAliveTimeout(Duration timeout) {
        return new ServerConfig(
                timeout,
                headerTimeout,
                bodyTimeout,
                clientMaxSize,
                maxRequestLine,
                maxHeaderLine,
                maxHeaders,
                shutdownTimeout,
                accessLogFormat,
                workers,
                singleAcceptor);
    }

    /** Returns a copy with another header timeout. */
    public ServerConfig withHeaderTimeout(Duration timeout) {
        return new ServerConfig(
                keepAliveTimeout,
                timeout,
                bodyTimeout,
                clientMaxSize,
                maxRequestLine,
                maxHeaderLine,
                maxHeaders,
                shutdownTimeout,
                accessLogFormat,
                workers,
                singleAcceptor);
    }

    /** Returns a copy with another body timeout. */
    public ServerConfig withBodyTimeout(Duration timeout) {
        return new ServerConfig(
                keepAliveTimeout,
                headerTimeout,
                timeout,
                clientMaxSize,
                maxRequestLine,
                maxHeaderLine,
                maxHeaders,
                shutdownTimeout,
                accessLogFormat,
                workers,
                singleAcceptor);
    }

    /** Returns a copy with another body size limit. */
    public ServerConfig withClientMaxSize(long bytes) {
        return new ServerConfig(
                keepAliveTimeout,
                headerTimeout,
                bodyTimeout,
                bytes,
                maxRequestLine,
                maxHeaderLine,
                maxHeaders,
                shutdownTimeout,
                accessLogFormat,
                workers,
                singleAcceptor);
    }

    /** Returns a copy with other head limits. */
    public ServerConfig withHeadLimits(int maxRequestLine, int maxHeaderLine, int maxHeaders) {
        return new ServerConfig(
                keepAliveTimeout,
                headerTimeout,
                bodyTimeout,
                clientMaxSize,
                maxRequestLine,
                maxHeaderLine,
                maxHeaders,
                shutdownTimeout,
                accessLogFormat,
                workers,
                singleAcceptor);
    }

    /** Returns a copy with another shutdown timeout. */
    public ServerConfig withShutdownTimeout(Duration timeout) {
        return new ServerConfig(
                keepAliveTimeout,
                headerTimeout,
                bodyTimeout,
                clientMaxSize,
                maxRequestLine,
                maxHeaderLine,
                maxHeaders,
                timeout,
                accessLogFormat,
                workers,
                singleAcceptor);
    }

    /** Returns a copy with another access log format, or none ({@code null}). */
    public ServerConfig withAccessLog(@Nullable String format) {
        return new ServerConfig(
                keepAliveTimeout,
                headerTimeout,
                bodyTimeout,
                clientMaxSize,
                maxRequestLine,
                maxHeaderLine,
                maxHeaders,
                shutdownTimeout,
                format,
                workers,
                singleAcceptor);
    }

    /** Returns a copy served by {@code n} loops, each on its own thread (see the {@code workers} component). */
    public ServerConfig withWorkers(int n) {
        return new ServerConfig(
                keepAliveTimeout,
                headerTimeout,
                bodyTimeout,
                clientMaxSize,
                maxRequestLine,
                maxHeaderLine,
                maxHeaders,
                shutdownTimeout,
                accessLogFormat,
                n,
                singleAcceptor);
    }

    /**
     * Returns a copy where, with more than one worker, one loop accepts every connection and hands them over in turn
     * ({@code true}), or where each worker listens with {@code SO_REUSEPORT} when the OS has it ({@code false}, the
     * default); see the {@code singleAcceptor} component.
     */
    public ServerConfig withSingleAcceptor(boolean on) {
        return new ServerConfig(
                keepAliveTimeout,
                headerTimeout,
                bodyTimeout,
                clientMaxSize,
                maxRequestLine,
                maxHeaderLine,
                maxHeaders,
                shutdownTimeout,
                accessLogFormat,
                workers,
                on);
    }
}
