package io.jasyncio.benchmarks;

import io.jasyncio.http.HttpParseException;
import io.jasyncio.http.internal.MessageListener;
import io.jasyncio.http.internal.ParserLimits;
import io.jasyncio.http.internal.RequestHead;
import io.jasyncio.http.internal.RequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The HTTP/1.1 parser on a typical browser GET head (7 fields, 366 bytes) in a direct buffer, as a socket delivers
 * it: {@code jasyncio} parses it into a {@link RequestHead} with its header map; {@code netty} decodes the same bytes
 * with Netty's {@code HttpRequestDecoder} into an {@code HttpRequest} (the peer, in the same run). Budget (issue
 * #15): at most 0.5 µs per head. The parser is internal to jasyncio-http; this benchmark is the one place outside
 * that module that uses it, to measure it alone.
 *
 * {@snippet :
 * // java -jar jasyncio-benchmarks/target/benchmarks.jar HttpParserBenchmark
 * }
 *
 * <h2>Thread safety</h2>
 * JMH state, one instance per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpParserBenchmark {

    /** The head measured (lines end with CRLF). */
    public static final String GET_HEAD = """
            GET /static/app.js?v=42 HTTP/1.1
            Host: localhost:8080
            User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0
            Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8
            Accept-Language: en-US,en;q=0.5
            Accept-Encoding: gzip, deflate
            Connection: keep-alive
            Cookie: session=3f2a9c; theme=dark

            """.replace("\n", "\r\n");

    private final ByteBuffer input = direct(GET_HEAD);
    private @Nullable RequestHead head;
    private final RequestParser parser = new RequestParser(
            new MessageListener<>() {
                @Override
                public void head(RequestHead parsed) {
                    head = parsed;
                }

                @Override
                public void body(ByteBuffer chunk) {}

                @Override
                public void complete() {}
            },
            ParserLimits.DEFAULTS);

    private final ByteBuf nettyInput = Unpooled.directBuffer().writeBytes(GET_HEAD.getBytes(StandardCharsets.US_ASCII));
    private final EmbeddedChannel netty = new EmbeddedChannel(new HttpRequestDecoder());

    /** Creates the benchmark; JMH calls it. */
    public HttpParserBenchmark() {}

    private static ByteBuffer direct(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    /** Checks once that both parsers read the head. */
    @Setup
    public void check() throws HttpParseException {
        if (!jasyncio().headers().contains("cookie")) {
            throw new IllegalStateException("jasyncio did not parse the head");
        }
        Object decoded = netty();
        if (!(decoded instanceof io.netty.handler.codec.http.HttpRequest)) {
            throw new IllegalStateException("netty did not parse the head: " + decoded);
        }
    }

    /** Releases Netty's buffers. */
    @TearDown
    public void close() {
        netty.finishAndReleaseAll();
        nettyInput.release();
    }

    /**
     * Parses the head with jasyncio's {@link RequestParser}.
     *
     * @return the head
     */
    @Benchmark
    public RequestHead jasyncio() throws HttpParseException {
        parser.feed(input.clear());
        var parsed = head;
        if (parsed == null) {
            throw new IllegalStateException("no head");
        }
        head = null;
        return parsed;
    }

    /**
     * Decodes the head with Netty's {@code HttpRequestDecoder}.
     *
     * @return the decoded request
     */
    @Benchmark
    public Object netty() {
        netty.writeInbound(nettyInput.retainedDuplicate());
        Object request = netty.readInbound();
        Object last = netty.readInbound();
        ReferenceCountUtil.release(last);
        return request;
    }
}
