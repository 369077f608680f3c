package io.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.AsyncioTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Every framing ambiguity request smuggling relies on, sent over a raw socket: the server answers 400 and closes,
 * and the handler never sees the message (nor anything smuggled after it).
 */
// Messages are written with explicit \r\n, which text blocks would hide.
@SuppressWarnings("StringConcatToTextBlock")
class SmugglingTest {

    private final List<String> handled = new ArrayList<>();

    private String send(String message) throws Exception {
        var app = new Application()
                .route(
                        "*",
                        "/{path:.*}",
                        r -> {
                            handled.add(r.method() + " " + r.path() + " " + (r.hasBody() ? r.text() : ""));
                            return Response.text("handled");
                        },
                        null);
        try (var server = HttpServer.start(app, ServerConfig.defaults().withAccessLog(null), "127.0.0.1", 0);
                var client = RawClient.connect(server.port())) {
            return client.send(message).rest();
        }
    }

    private void assertRefused(String message) throws Exception {
        String response = send(message);
        assertThat(response).startsWith("HTTP/1.1 400 ").contains("Connection: close\r\n");
        assertThat(response.indexOf("HTTP/1.1", 1)).as("one response only").isEqualTo(-1);
    }

    @AfterEach
    void handlerNeverSawAnAmbiguousMessage() {
        assertThat(handled).isEmpty();
    }

    @AsyncioTest
    void contentLengthAndTransferEncoding() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    @AsyncioTest
    void transferEncodingAndContentLength() throws Exception {
        assertRefused(
                "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n" + "0\r\n\r\n");
    }

    @AsyncioTest
    void repeatedContentLength() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde");
    }

    @AsyncioTest
    void repeatedEqualContentLength() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc");
    }

    @AsyncioTest
    void nonNumericContentLength() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x3\r\n\r\nabc");
    }

    @AsyncioTest
    void contentLengthList() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc");
    }

    @AsyncioTest
    void transferEncodingNotEndingInChunked() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n");
    }

    @AsyncioTest
    void obfuscatedChunked() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n");
    }

    @AsyncioTest
    void transferEncodingInHttp10() throws Exception {
        assertRefused("POST / HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    }

    @AsyncioTest
    void chunkSizeWithTrailingSpace() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3 \r\nabc\r\n0\r\n\r\n");
    }

    @AsyncioTest
    void chunkSizeOverflow() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "10000000000000003\r\nabc\r\n0\r\n\r\n");
    }

    @AsyncioTest
    void chunkExtensionWithoutName() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;\r\nabc\r\n0\r\n\r\n");
    }

    @AsyncioTest
    void chunkExtensionUnbalancedQuote() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;a=\"b\r\nabc\r\n0\r\n\r\n");
    }

    @AsyncioTest
    void chunkLongerThanItsSize() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n");
    }

    @AsyncioTest
    void obsFold() throws Exception {
        assertRefused("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n Transfer-Encoding: chunked\r\n\r\n");
    }

    @AsyncioTest
    void bareLfBetweenFields() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nX: y\nContent-Length: 3\r\n\r\nabc");
    }

    @AsyncioTest
    void bareCrInAValue() throws Exception {
        assertRefused("GET / HTTP/1.1\r\nHost: x\r\nX: a\rTransfer-Encoding: chunked\r\n\r\n");
    }

    @AsyncioTest
    void nulInAValue() throws Exception {
        assertRefused("GET / HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\n\r\n");
    }

    @AsyncioTest
    void whitespaceBeforeColon() throws Exception {
        assertRefused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\nContent-Length: 3\r\n\r\nabc");
    }

    @AsyncioTest
    void invalidTokenInFieldName() throws Exception {
        assertRefused("GET / HTTP/1.1\r\nHost: x\r\nX[y]: 1\r\n\r\n");
    }

    @AsyncioTest
    void invalidMethodToken() throws Exception {
        assertRefused("G\"ET / HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    @AsyncioTest
    void missingHost() throws Exception {
        assertRefused("GET / HTTP/1.1\r\n\r\n");
    }

    @AsyncioTest
    void repeatedHost() throws Exception {
        assertRefused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    }

    @AsyncioTest
    void invalidHost() throws Exception {
        assertRefused("GET / HTTP/1.1\r\nHost: a b@c\r\n\r\n");
    }
}
