package io.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.AsyncioTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The server against real clients: curl, Python's requests and aiohttp, wrk. */
class RealClientsTest {

    @TempDir
    Path dir;

    private static Application app(Path files) {
        return new Application()
                .get("/hello/{name}", r -> Response.text("Hello, " + r.matchInfo("name")))
                .get(
                        "/cookie",
                        r -> Response.text("set")
                                .setCookie(Cookie.of("session", "abc")
                                        .withPath("/")
                                        .withHttpOnly(true)))
                .get("/whoami", r -> Response.text("session=" + r.cookies().getOrDefault("session", "-")))
                .post("/form", r -> Response.text(String.join(",", r.form().getOrDefault("a", List.of()))))
                .put("/upload", r -> {
                    long total = 0;
                    var body = r.content();
                    for (byte[] chunk = body.read(65536); chunk.length > 0; chunk = body.read(65536)) {
                        total += chunk.length;
                    }
                    return Response.text("received " + total);
                })
                .post("/json", r -> Response.json("{\"echo\": " + r.text() + "}"))
                .get("/big", r -> Response.text("compress me ".repeat(1000)).enableCompression())
                .post("/multipart", r -> {
                    var out = new StringBuilder();
                    var parts = r.multipart();
                    for (BodyPart part = parts.next(); part != null; part = parts.next()) {
                        if (part.filename().isPresent()) {
                            long size = 0;
                            long sum = 0;
                            int chunks = 0;
                            for (byte[] c = part.readChunk(); c.length > 0; c = part.readChunk()) {
                                size += c.length;
                                chunks++;
                                for (byte b : c) {
                                    sum += b & 0xff;
                                }
                            }
                            out.append(part.name().orElse("?"))
                                    .append('=')
                                    .append(part.filename().get())
                                    .append(':')
                                    .append(size)
                                    .append(':')
                                    .append(sum)
                                    .append(chunks > 1 ? " streamed" : "")
                                    .append(';');
                        } else {
                            out.append(part.name().orElse("?"))
                                    .append('=')
                                    .append(part.text())
                                    .append(';');
                        }
                    }
                    return Response.text(out.toString());
                })
                .staticFiles("/files", files, true);
    }

    private HttpServer start() throws Exception {
        Files.writeString(dir.resolve("data.txt"), "0123456789abcdef");
        return HttpServer.start(
                app(dir), ServerConfig.defaults().withAccessLog(null).withClientMaxSize(1 << 20), "127.0.0.1", 0);
    }

    private static String url(HttpServer server, String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @AsyncioTest(realClock = true)
    void curlHttp10AndHttp11WithKeepAliveAndRanges() throws Exception {
        try (var server = start()) {
            var http10 = Programs.run(List.of("curl", "-sS", "--http1.0", url(server, "/hello/ten")));
            var reused = Programs.run(List.of(
                    "curl",
                    "-sS",
                    "--http1.1",
                    "-w",
                    " %{num_connects}\\n",
                    url(server, "/hello/a"),
                    url(server, "/hello/b")));
            var range = Programs.run(List.of("curl", "-sS", "-r", "4-7", url(server, "/files/data.txt")));
            var gzip = Programs.run(
                    List.of("curl", "-sS", "--compressed", "-w", " %{size_download}", url(server, "/big")));
            var plain = Programs.run(List.of("curl", "-sS", "-w", " %{size_download}", url(server, "/big")));

            assertThat(http10.stdout()).isEqualTo("Hello, ten");
            // The second request reuses the first one's connection: no new connect.
            assertThat(reused.stdout()).isEqualTo("Hello, a 1\nHello, b 0\n");
            assertThat(range.stdout()).isEqualTo("4567");
            // Both bodies are the text; gzip travels in far fewer bytes.
            assertThat(gzip.stdout()).startsWith("compress me compress me").doesNotEndWith(" 12000");
            assertThat(Integer.parseInt(gzip.stdout().substring(gzip.stdout().lastIndexOf(' ') + 1)))
                    .isLessThan(500);
            assertThat(plain.stdout()).endsWith(" 12000");
        }
    }

    @AsyncioTest(realClock = true)
    void curlUploadsWithTAndAtALimitedRate() throws Exception {
        Path upload = dir.resolve("upload.bin");
        Files.write(upload, new byte[300_000]);
        try (var server = start()) {
            var put = Programs.run(List.of("curl", "-sS", "-T", upload.toString(), url(server, "/upload")));
            var slow = Programs.run(
                    List.of("curl", "-sS", "--limit-rate", "200k", "-T", upload.toString(), url(server, "/upload")));

            assertThat(put.stdout()).isEqualTo("received 300000");
            assertThat(slow.stdout()).isEqualTo("received 300000");
        }
    }

    @AsyncioTest(realClock = true)
    void pythonRequestsWithFormsCookiesAndJson() throws Exception {
        try (var server = start()) {
            String script = """
                    import sys, requests
                    base = sys.argv[1]
                    s = requests.Session()
                    s.get(base + "/cookie")
                    print(s.get(base + "/whoami").text)
                    print(s.post(base + "/form", data={"a": ["1", "2 3"]}).text)
                    print(s.post(base + "/json", json=[1, 2]).json()["echo"])
                    r = s.get(base + "/missing")
                    print(r.status_code)
                    """;
            var result = Programs.run(List.of(Programs.python(), "-c", script, url(server, "")));

            assertThat(result.stderr()).isEmpty();
            assertThat(result.stdout()).isEqualTo("session=abc\n1,2 3\n[1, 2]\n404\n");
        }
    }

    @AsyncioTest(realClock = true)
    void multipartUploadsFromRequestsAndCurlAreStreamedPartByPart() throws Exception {
        Path upload = dir.resolve("photo.bin");
        byte[] bytes = new byte[200_000];
        long sum = 0;
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
            sum += bytes[i] & 0xff;
        }
        Files.write(upload, bytes);
        try (var server = start()) {
            String script = """
                    import sys, requests
                    with open(sys.argv[2], "rb") as f:
                        r = requests.post(sys.argv[1] + "/multipart", data={"title": "héllo"},
                                          files={"photo": ("photo.bin", f, "application/octet-stream")})
                    print(r.text)
                    """;
            var python = Programs.run(List.of(Programs.python(), "-c", script, url(server, ""), upload.toString()));
            var curl = Programs.run(
                    List.of("curl", "-sS", "-F", "title=curl", "-F", "photo=@" + upload, url(server, "/multipart")));

            String file = "photo=photo.bin:200000:" + sum + " streamed;";
            assertThat(python.stdout()).isEqualTo("title=héllo;" + file + "\n");
            assertThat(curl.stdout()).isEqualTo("title=curl;" + file);
        }
    }

    @AsyncioTest(realClock = true)
    void pythonAiohttpClientWithConcurrentKeepAliveRequests() throws Exception {
        try (var server = start()) {
            String script = """
                    import asyncio, sys, aiohttp
                    async def main(base):
                        conn = aiohttp.TCPConnector(limit=10)
                        async with aiohttp.ClientSession(connector=conn) as s:
                            async def one(i):
                                async with s.get(f"{base}/hello/{i}") as r:
                                    return await r.text()
                            texts = await asyncio.gather(*(one(i) for i in range(200)))
                            assert texts == [f"Hello, {i}" for i in range(200)], texts[:3]
                            async with s.get(base + "/files/data.txt") as r:
                                chunks = [c async for c in r.content.iter_chunked(4)]
                            print(len(texts), b"".join(chunks).decode())
                    asyncio.run(main(sys.argv[1]))
                    """;
            var result = Programs.run(List.of(Programs.python(), "-c", script, url(server, "")));

            assertThat(result.stderr()).isEmpty();
            assertThat(result.stdout()).isEqualTo("200 0123456789abcdef\n");
        }
    }

    @AsyncioTest(realClock = true)
    void wrkLoadWithoutErrors() throws Exception {
        try (var server = start()) {
            var result = Programs.run(List.of("wrk", "-t1", "-c20", "-d1s", url(server, "/hello/wrk")));

            assertThat(result.stdout())
                    .contains("Requests/sec")
                    .doesNotContain("Non-2xx")
                    .doesNotContain("Socket errors");
        }
    }
}
