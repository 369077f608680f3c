package io.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.AsyncioTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

// Messages are written with explicit \r\n, which text blocks would hide.
@SuppressWarnings("StringConcatToTextBlock")
class StaticFilesTest {

    @TempDir
    Path dir;

    private Path root;

    @BeforeEach
    void files() throws Exception {
        root = Files.createDirectories(dir.resolve("public"));
        Files.writeString(root.resolve("hello.txt"), "0123456789");
        Files.createDirectories(root.resolve("sub dir"));
        Files.writeString(root.resolve("sub dir").resolve("a.html"), "<p>a</p>");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("escape-dir"), dir);
    }

    private String get(String target, String... headers) throws Exception {
        var app = new Application().staticFiles("/static", root, true);
        try (var server = HttpServer.start(app, ServerConfig.defaults().withAccessLog(null), "127.0.0.1", 0);
                var client = RawClient.connect(server.port())) {
            return client.send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                            + String.join("", headers) + "\r\n")
                    .rest();
        }
    }

    @AsyncioTest
    void servesAFileWithTypeLengthAndValidators() throws Exception {
        String response = get("/static/hello.txt");

        assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\n0123456789");
        assertThat(response)
                .contains(
                        "Content-Type: text/plain; charset=utf-8",
                        "Content-Length: 10",
                        "ETag: \"",
                        "Last-Modified: ",
                        "Accept-Ranges: bytes");
    }

    @AsyncioTest
    void percentEncodedNamesAndDirectoryListing() throws Exception {
        assertThat(get("/static/sub%20dir/a.html")).contains("text/html").endsWith("<p>a</p>");
        assertThat(get("/static/sub%20dir/")).contains("<a href=\"a.html\">a.html</a>");
        assertThat(get("/static/sub%20dir")).startsWith("HTTP/1.1 301").contains("Location: /static/sub%20dir/");
    }

    @AsyncioTest
    void nothingOutsideTheRootCanBeReached() throws Exception {
        for (String attempt : new String[] {
            "/static/../secret.txt",
            "/static/%2e%2e/secret.txt",
            "/static/%2E%2E%2Fsecret.txt",
            "/static/sub%20dir/..%2f..%2fsecret.txt",
            "/static/..%5csecret.txt",
            "/static/hello.txt%00.html",
            "/static/escape.txt",
            "/static/escape-dir/secret.txt"
        }) {
            String response = get(attempt);
            assertThat(response)
                    .as(attempt)
                    .matches("(?s)HTTP/1.1 (400|403|404) .*")
                    .doesNotContain("secret\r\n")
                    .doesNotEndWith("secret");
        }
    }

    @AsyncioTest
    void singleAndMultipleRangesAndUnsatisfiable() throws Exception {
        String single = get("/static/hello.txt", "Range: bytes=2-4\r\n");
        String suffix = get("/static/hello.txt", "Range: bytes=-3\r\n");
        String multi = get("/static/hello.txt", "Range: bytes=0-1,8-\r\n");
        String outside = get("/static/hello.txt", "Range: bytes=20-30\r\n");

        assertThat(single)
                .startsWith("HTTP/1.1 206")
                .contains("Content-Range: bytes 2-4/10")
                .endsWith("\r\n\r\n234");
        assertThat(suffix).contains("Content-Range: bytes 7-9/10").endsWith("789");
        assertThat(multi)
                .startsWith("HTTP/1.1 206")
                .contains(
                        "multipart/byteranges; boundary=",
                        "Content-Range: bytes 0-1/10\r\n\r\n01",
                        "Content-Range: bytes 8-9/10\r\n\r\n89");
        assertThat(outside).startsWith("HTTP/1.1 416").contains("Content-Range: bytes */10");
    }

    @AsyncioTest
    void etagAndIfModifiedSinceGive304() throws Exception {
        String first = get("/static/hello.txt");
        String etag = first.lines()
                .filter(l -> l.startsWith("ETag: "))
                .findFirst()
                .orElseThrow()
                .substring(6);
        String modified = first.lines()
                .filter(l -> l.startsWith("Last-Modified: "))
                .findFirst()
                .orElseThrow()
                .substring(15);

        assertThat(get("/static/hello.txt", "If-None-Match: " + etag + "\r\n"))
                .startsWith("HTTP/1.1 304")
                .doesNotContain("Content-Length")
                .endsWith("\r\n\r\n");
        assertThat(get("/static/hello.txt", "If-Modified-Since: " + modified + "\r\n"))
                .startsWith("HTTP/1.1 304");
        assertThat(get("/static/hello.txt", "If-None-Match: \"other\"\r\n")).startsWith("HTTP/1.1 200");
    }

    /** RFC 9110's IMF-fixdate has a two-digit day ("02", not "2"): strict clients and caches parse it so. */
    @AsyncioTest
    void lastModifiedIsAnImfFixdateWithATwoDigitDay() throws Exception {
        Files.setLastModifiedTime(
                root.resolve("hello.txt"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2030-01-02T03:04:05Z")));

        String response = get("/static/hello.txt");

        assertThat(response).contains("Last-Modified: Wed, 02 Jan 2030 03:04:05 GMT\r\n");
        assertThat(get("/static/hello.txt", "If-Modified-Since: Wed, 02 Jan 2030 03:04:05 GMT\r\n"))
                .startsWith("HTTP/1.1 304 ");
    }
}
