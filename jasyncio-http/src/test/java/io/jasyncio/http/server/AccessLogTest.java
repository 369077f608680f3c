package io.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.HttpVersion;
import io.jasyncio.http.internal.Framing;
import io.jasyncio.http.internal.RequestHead;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Transport;
import io.jasyncio.testing.AsyncioTest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The access log line's directives (the line goes to {@code System.Logger} "io.jasyncio.http.access"). */
class AccessLogTest {

    /** An exchange that is never written to: the format only reads the request and the response. */
    private static final class Unused implements Exchange {
        @Override
        public boolean isHeadRequest() {
            return false;
        }

        @Override
        public boolean writeHead(StreamResponse response, long contentLength, ByteBuffer body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(ByteBuffer data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sentFromFile(long bytes) {}

        @Override
        public void drain() {}

        @Override
        public boolean writeBlocked() {
            return false;
        }

        @Override
        public HttpHeaders requestHeaders() {
            return HttpHeaders.create();
        }

        @Override
        public Transport transport() {
            throw new UnsupportedOperationException();
        }
    }

    @AsyncioTest
    void formatsEachDirective() throws Exception {
        var headers = HttpHeaders.create().add("Host", "x").add("User-Agent", "tester");
        var head = new RequestHead("GET", "/a?b=1", HttpVersion.HTTP_1_1, headers, Framing.NONE, -1, true, false);
        var request = new Request(
                head,
                new Unused(),
                new StreamReader(Asyncio.loop(), 1024),
                new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 5000),
                1024);
        var response = Response.text("hi").status(201);

        String line = AccessLog.compile("%a \"%r\" %s %b %D %{User-Agent}i %{Referer}i %{Content-Type}o %%")
                .format(request, response, 2, 1_500_000);

        assertThat(line).isEqualTo("127.0.0.1 \"GET /a?b=1 HTTP/1.1\" 201 2 1500 tester - text/plain; charset=utf-8 %");
    }

    @Test
    void anUnknownDirectiveIsRefused() {
        assertThatThrownBy(() -> AccessLog.compile("%q")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessLog.compile("%{X}z")).isInstanceOf(IllegalArgumentException.class);
    }
}
