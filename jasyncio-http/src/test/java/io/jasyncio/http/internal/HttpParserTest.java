package io.jasyncio.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.http.HttpParseException;
import io.jasyncio.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// Messages are written with explicit \r\n, which text blocks would hide.
@SuppressWarnings("StringConcatToTextBlock")
class HttpParserTest {

    private final Recorder<RequestHead> requests = new Recorder<>();
    private final RequestParser requestParser = new RequestParser(requests, ParserLimits.DEFAULTS);
    private final Recorder<ResponseHead> responses = new Recorder<>();
    private final ResponseParser responseParser = new ResponseParser(responses, ParserLimits.DEFAULTS);

    private static ByteBuffer direct(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    @Test
    void readsARequestHeadWithItsFields() throws Exception {
        requestParser.feed(direct(
                "GET /a?b=c HTTP/1.1\r\nHost: example.org\r\nAccept:  text/html \t\r\n" + "accept: */*\r\n\r\n"));

        assertThat(requests.messages).hasSize(1);
        var head = requests.messages.getFirst().head();
        assertThat(head.requestLine()).isEqualTo("GET /a?b=c HTTP/1.1");
        assertThat(head.headers().allValues("Accept")).containsExactly("text/html", "*/*");
        assertThat(head.framing()).isEqualTo(Framing.NONE);
        assertThat(head.keepAlive()).isTrue();
        assertThat(requestParser.isIdle()).isTrue();
    }

    @Test
    void bodyBytesArePassedAsViewsOfTheInputNotCopies() throws Exception {
        var input = direct("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");

        requestParser.feed(input);

        assertThat(requests.messages.getFirst().body()).isEqualTo("hello");
        assertThat(requests.chunks).singleElement().satisfies(chunk -> {
            assertThat(chunk.isDirect()).isTrue();
            // A view shares the input's memory: a change to the input shows through it.
            input.put(input.limit() - 5, (byte) 'J');
            assertThat(chunk.get(chunk.position())).isEqualTo((byte) 'J');
        });
        assertThat(input.hasRemaining()).isFalse();
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() throws Exception {
        requestParser.feed(direct("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + "5;a=b;c=\"d;e\"\r\nhello\r\n1\r\n!\r\n0\r\nChecksum: 42\r\n\r\n"));

        var message = requests.messages.getFirst();
        assertThat(message.head().framing()).isEqualTo(Framing.CHUNKED);
        assertThat(message.body()).isEqualTo("hello!");
        assertThat(message.trailers())
                .isNotNull()
                .satisfies(
                        trailers -> assertThat(trailers.firstValue("checksum")).contains("42"));
    }

    @Test
    void pipelinedRequestsAreReportedInOrderAndPauseStopsBetweenThem() throws Exception {
        var input = direct("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n");
        requests.onComplete = requestParser::pause;

        requestParser.feed(input);
        assertThat(requests.messages).hasSize(1);
        assertThat(input.remaining()).isEqualTo("GET /2 HTTP/1.1\r\n\r\n".length());
        requestParser.feed(input);

        assertThat(requests.messages).extracting(m -> m.head().target()).containsExactly("/1", "/2");
    }

    @Test
    void http10ClosesUnlessKeepAliveAndDataAfterTheLastMessageIsAnError() throws Exception {
        requestParser.feed(direct("GET / HTTP/1.0\r\n\r\n"));

        assertThat(requests.messages.getFirst().head().keepAlive()).isFalse();
        assertThat(requestParser.isClosed()).isTrue();
        assertThatThrownBy(() -> requestParser.feed(direct("GET / HTTP/1.0\r\n\r\n")))
                .isInstanceOf(HttpParseException.class)
                .hasMessageContaining("data after the last message");
    }

    @Test
    void upgradeStopsTheParserAndLeavesTheRestUnread() throws Exception {
        var input = direct("GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n\u0081\u0000");

        requestParser.feed(input);

        assertThat(requests.messages.getFirst().head().upgrade()).isTrue();
        assertThat(requestParser.isUpgraded()).isTrue();
        assertThat(input.remaining()).isEqualTo(2);
    }

    @Test
    void aDeclinedUpgradeGoesOnWithHttp() throws Exception {
        requests.onHead = requestParser::declineUpgrade;

        requestParser.feed(
                direct("GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n" + "GET /2 HTTP/1.1\r\n\r\n"));

        assertThat(requests.messages).extracting(m -> m.head().target()).containsExactly("/", "/2");
        assertThat(requestParser.isUpgraded()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            CL and TE         | POST / HTTP/1.1\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | both Content-Length and Transfer-Encoding
            repeated CL       | POST / HTTP/1.1\\r\\nContent-Length: 3\\r\\nContent-Length: 3\\r\\n\\r\\n | repeated Content-Length
            CL list           | POST / HTTP/1.1\\r\\nContent-Length: 3, 3\\r\\n\\r\\n | not a decimal number
            CL sign           | POST / HTTP/1.1\\r\\nContent-Length: +3\\r\\n\\r\\n | not a decimal number
            CL overflow       | POST / HTTP/1.1\\r\\nContent-Length: 99999999999999999999\\r\\n\\r\\n | overflows
            TE not chunked    | POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n | last coding is not chunked
            TE chunked twice  | POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked, chunked\\r\\n\\r\\n | more than once
            TE in HTTP/1.0    | POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | HTTP/1.0
            chunk size space  | POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5 \\r\\n | after chunk size
            chunk size hex    | POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0x5\\r\\n | after chunk size
            chunk overflow    | POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nfffffffffffffffff\\r\\n | overflows
            chunk too long    | POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1\\r\\nab\\r\\n | chunk data not followed by CRLF
            empty extension   | POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1;\\r\\n | without a name
            obs-fold          | GET / HTTP/1.1\\r\\nA: b\\r\\n c\\r\\n\\r\\n | obs-fold
            bare LF           | GET / HTTP/1.1\\nHost: a\\r\\n\\r\\n | bare LF
            bare CR           | GET / HTTP/1.1\\r\\nHost: a\\rb\\r\\n\\r\\n | bare CR
            NUL in value      | GET / HTTP/1.1\\r\\nHost: a\\u0000b\\r\\n\\r\\n | invalid character 0x00
            space before colon| GET / HTTP/1.1\\r\\nHost : a\\r\\n\\r\\n | whitespace between a field name and its colon
            bad name          | GET / HTTP/1.1\\r\\nHo(st: a\\r\\n\\r\\n | in a field name
            bad method        | G(T / HTTP/1.1\\r\\n\\r\\n | in the method
            two spaces        | GET  / HTTP/1.1\\r\\n\\r\\n | request target
            bad version       | GET / HTTP/2.0\\r\\n\\r\\n | not supported
            """)
    void framingAmbiguitiesAreRefusedWithTheirReason(String name, String message, String reason) {
        String input = message.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\u0000");

        assertThatThrownBy(() -> requestParser.feed(direct(input)))
                .as(name)
                .isInstanceOf(HttpParseException.class)
                .hasMessageContaining(reason);
        assertThat(requests.messages).isEmpty();
    }

    @Test
    void limitsGive414And431() {
        var limits = new ParserLimits(32, 32, 2);
        var longTarget = new RequestParser(requests, limits);
        var longField = new RequestParser(requests, limits);
        var manyFields = new RequestParser(requests, limits);

        assertThatThrownBy(() -> longTarget.feed(direct("GET /" + "a".repeat(40))))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(414));
        assertThatThrownBy(() -> longField.feed(direct("GET / HTTP/1.1\r\nX: " + "a".repeat(40))))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(431));
        assertThatThrownBy(() -> manyFields.feed(direct("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n")))
                .isInstanceOfSatisfying(
                        HttpParseException.class, e -> assertThat(e.status()).isEqualTo(431));
    }

    @Test
    void finishInsideABodyNamesWhatIsMissing() throws Exception {
        requestParser.feed(direct("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"));

        assertThatThrownBy(requestParser::finish)
                .isInstanceOf(HttpParseException.class)
                .hasMessageContaining("7 bytes of the Content-Length body missing");
    }

    @Test
    void responseToHeadHasNoBodyWhateverItsContentLength() throws Exception {
        responseParser.requestSent("HEAD");
        responseParser.requestSent("GET");

        responseParser.feed(direct(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n" + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));

        assertThat(responses.messages).extracting(Recorder.Message::body).containsExactly("", "hello");
        assertThat(responses.messages.getFirst().head().framing()).isEqualTo(Framing.NONE);
    }

    @Test
    void interimResponsesPrecedeTheFinalOneFor204And304NoBody() throws Exception {
        responseParser.requestSent("POST");
        responseParser.requestSent("GET");
        responseParser.requestSent("GET");

        responseParser.feed(direct("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));

        assertThat(responses.messages)
                .extracting(m -> m.head().status() + (m.head().interim() ? " interim" : "") + " " + m.body())
                .containsExactly("100 interim ", "204 ", "304 ", "200 ok");
    }

    @Test
    void bodyUntilCloseEndsAtFinish() throws Exception {
        responseParser.feed(direct("HTTP/1.0 200 OK\r\n\r\nsome "));
        responseParser.feed(direct("bytes"));
        assertThat(responses.messages).isEmpty();

        responseParser.finish();

        var message = responses.messages.getFirst();
        assertThat(message.head().framing()).isEqualTo(Framing.UNTIL_CLOSE);
        assertThat(message.head().version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(message.head().keepAlive()).isFalse();
        assertThat(message.body()).isEqualTo("some bytes");
    }

    @Test
    void responseWithUnknownLastCodingIsReadUntilClose() throws Exception {
        responseParser.feed(direct("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz"));
        responseParser.finish();

        assertThat(responses.messages.getFirst().body()).isEqualTo("xyz");
    }

    @Test
    void statusLineWithoutReasonAndWithObsText() throws Exception {
        responseParser.requestSent("GET");
        responseParser.requestSent("GET");
        responseParser.feed(direct(
                "HTTP/1.1 301\r\nContent-Length: 0\r\n\r\n" + "HTTP/1.1 500 Ori\u00ebnt\r\nContent-Length: 0\r\n\r\n"));

        assertThat(responses.messages)
                .extracting(m -> m.head().status() + ":" + m.head().reason())
                .containsExactly("301:", "500:Ori\u00ebnt");
    }
}
