package io.jasyncio.http.client;

import static io.jasyncio.http.client.RawServer.assertPoolConsistent;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.AsyncioTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code Expect: 100-continue}: the body goes only after the server's go-ahead. */
class ExpectContinueTest {

    private static String head(io.jasyncio.net.StreamReader in) throws java.io.IOException {
        return new String(in.readUntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
    }

    @AsyncioTest
    void bodyIsSentAfter100Continue() throws Exception {
        List<String> seen = new ArrayList<>();
        try (var server = RawServer.raw((in, out) -> {
                    String h = head(in);
                    seen.add(h);
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] body = in.readExactly(5);
                    out.write(RawServer.ok(new String(body, StandardCharsets.US_ASCII))
                            .getBytes(StandardCharsets.US_ASCII));
                    out.drain();
                    head(in); // wait for the client to close
                });
                var session = ClientSession.create()) {
            try (ClientResponse r = session.request(ClientRequest.put(server.url("/up"))
                    .body(RequestBody.of("hello"))
                    .expectContinue(true))) {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("hello");
            }
            assertThat(seen.get(0)).contains("Expect: 100-continue");
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void aFinalAnswerSavesSendingTheBody() throws Exception {
        int[] bodyBytes = {-1};
        try (var server = RawServer.raw((in, out) -> {
                    head(in);
                    out.write("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.drain();
                    byte[] rest = in.read(-1); // until the client closes
                    bodyBytes[0] = rest.length;
                });
                var session = ClientSession.create()) {
            try (ClientResponse r = session.request(ClientRequest.put(server.url("/up"))
                    .body(RequestBody.of("x".repeat(100_000)))
                    .expectContinue(true))) {
                assertThat(r.status()).isEqualTo(413);
            }
            assertThat(session.connector().stats().open()).isZero(); // never reused: the server may await a body
            Asyncio.sleep(Duration.ofMillis(10));
            assertThat(bodyBytes[0]).isZero();
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void aSilentServerGetsTheBodyAfterASecond() throws Exception {
        try (var server = RawServer.raw((in, out) -> {
                    head(in);
                    byte[] body = in.readExactly(3);
                    out.write(RawServer.ok(new String(body, StandardCharsets.US_ASCII))
                            .getBytes(StandardCharsets.US_ASCII));
                    out.drain();
                    head(in);
                });
                var session = ClientSession.create()) {
            try (ClientResponse r = session.request(ClientRequest.post(server.url("/"))
                    .body(RequestBody.of("abc"))
                    .expectContinue(true))) {
                assertThat(r.text()).isEqualTo("abc");
            }
            assertPoolConsistent(session);
        }
    }
}
