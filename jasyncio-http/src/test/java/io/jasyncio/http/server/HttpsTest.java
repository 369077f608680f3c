package io.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.net.TlsOptions;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The server over TLS ({@code HttpServer.start(..., TlsOptions)}) against curl and Python, certificates from openssl. */
class HttpsTest {

    private static TestCertificates pki;

    @TempDir
    Path dir;

    private final AtomicInteger handled = new AtomicInteger();

    @BeforeAll
    static void certificates() {
        pki = TestCertificates.shared();
    }

    /** A JSON body for {@code /orders}. */
    record Order(String item, int quantity) {}

    private Application app() throws Exception {
        Files.writeString(dir.resolve("data.txt"), "0123456789abcdef");
        return new Application()
                .get("/hello", r -> {
                    handled.incrementAndGet();
                    return Response.text(r.scheme() + " " + r.secure() + " " + r.extraInfo("protocol"));
                })
                .post("/orders", r -> {
                    Order order = java.util.Objects.requireNonNull(r.json(Order.class));
                    return Response.jsonOf(Map.of("item", order.item(), "total", order.quantity() * 3))
                            .status(201);
                })
                .staticFiles("/files", dir, true);
    }

    private HttpServer start(ServerConfig config) throws Exception {
        return HttpServer.start(app(), config.withAccessLog(null), "127.0.0.1", 0, pki.serverTls());
    }

    private static String url(HttpServer server, String path) {
        return "https://127.0.0.1:" + server.port() + path;
    }

    @AsyncioTest(realClock = true)
    void curlVerifiesTheCertificateAndKeepsTheTlsConnectionAlive() throws Exception {
        try (var server = start(ServerConfig.defaults())) {
            var two = Programs.run(List.of(
                    "curl",
                    "-sS",
                    "--cacert",
                    pki.ca().toString(),
                    "-w",
                    " %{num_connects}\\n",
                    url(server, "/hello"),
                    url(server, "/files/data.txt")));
            var range = Programs.run(List.of(
                    "curl", "-sS", "--cacert", pki.ca().toString(), "-r", "4-7", url(server, "/files/data.txt")));
            var json = Programs.run(List.of(
                    "curl",
                    "-sS",
                    "--cacert",
                    pki.ca().toString(),
                    "-H",
                    "Content-Type: application/json",
                    "--data",
                    "{\"item\":\"tea\",\"quantity\":2}",
                    "-w",
                    " %{http_code}",
                    url(server, "/orders")));
            // Without the CA the certificate is not trusted: curl refuses (exit 60), so it really was checked.
            var untrusted = Programs.run(List.of("curl", "-sS", url(server, "/hello")));

            assertThat(two.exit()).as(two.stderr()).isZero();
            // The second request reused the first one's TLS connection.
            assertThat(two.stdout()).matches("https true TLSv1\\.[23] 1\n0123456789abcdef 0\n");
            assertThat(range.stdout()).isEqualTo("4567");
            assertThat(json.stdout()).isIn("{\"item\":\"tea\",\"total\":6} 201", "{\"total\":6,\"item\":\"tea\"} 201");
            assertThat(untrusted.exit()).isEqualTo(60);
        }
    }

    @AsyncioTest(realClock = true)
    void pythonRequestsSslAndAiohttpTalkToTheHttpsServer() throws Exception {
        String script = """
                import json, socket, ssl, sys, requests
                ca, port = sys.argv[1], int(sys.argv[2])
                with requests.Session() as s:
                    a = s.get(f"https://localhost:{port}/hello", verify=ca)
                    b = s.post(f"https://localhost:{port}/orders", json={"item": "cake", "quantity": 5}, verify=ca)
                    print(a.status_code, a.text)
                    print(b.status_code, b.headers["Content-Type"], b.json()["total"])
                ctx = ssl.create_default_context(cafile=ca)
                with socket.create_connection(("127.0.0.1", port)) as raw:
                    with ctx.wrap_socket(raw, server_hostname="localhost") as t:
                        t.sendall(b"GET /hello HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n"
                                  b"GET /files/data.txt HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n")
                        data = b""
                        while chunk := t.recv(65536):
                            data += chunk
                        print(t.version(), data.count(b"HTTP/1.1 200 OK"), data.endswith(b"0123456789abcdef"))
                import asyncio, aiohttp
                async def with_aiohttp():
                    async with aiohttp.ClientSession() as s:
                        async with s.post(f"https://localhost:{port}/orders", json={"item": "pie", "quantity": 1},
                                          ssl=ctx) as r:
                            print("aiohttp", r.status, (await r.json())["total"])
                asyncio.run(with_aiohttp())
                """;
        try (var server = start(ServerConfig.defaults())) {
            var result = Programs.run(
                    List.of(Programs.python(), "-c", script, pki.ca().toString(), String.valueOf(server.port())));

            assertThat(result.exit()).as(result.stderr()).isZero();
            assertThat(result.stdout())
                    .matches(
                            "200 https true TLSv1\\.[23]\n201 application/json 15\nTLSv1\\.[23] 2 True\naiohttp 201 3\n");
        }
    }

    @AsyncioTest(realClock = true)
    void plainHttpToTheTlsPortNeverReachesTheApplication() throws Exception {
        try (var server = start(ServerConfig.defaults())) {
            String answer;
            try (var client = RawClient.connect(server.port())) {
                answer = client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").rest();
            }
            var after = Programs.run(List.of("curl", "-sS", "--cacert", pki.ca().toString(), url(server, "/hello")));

            assertThat(answer).doesNotContain("HTTP/1.1");
            assertThat(after.stdout()).startsWith("https true");
            assertThat(handled).hasValue(1);
        }
    }

    @AsyncioTest(realClock = true)
    void everyWorkerLoopServesTls() throws Exception {
        try (var server = start(ServerConfig.defaults().withWorkers(2))) {
            // Separate connections (one curl each), spread by the kernel over both workers' sockets.
            for (int i = 0; i < 6; i++) {
                var r = Programs.run(List.of("curl", "-sS", "--cacert", pki.ca().toString(), url(server, "/hello")));
                assertThat(r.stdout()).as(r.stderr()).startsWith("https true TLSv1.");
            }
            assertThat(handled).hasValue(6);
        }
    }

    @AsyncioTest(realClock = true)
    void mutualTlsShowsTheClientCertificateToTheHandler() throws Exception {
        var tls = pki.mutualServerTls();
        var app = new Application().get("/me", r -> {
            var chain = (List<?>) java.util.Objects.requireNonNull(r.extraInfo("peercert"));
            var leaf = (java.security.cert.X509Certificate) chain.get(0);
            return Response.text(leaf.getSubjectX500Principal().getName());
        });
        try (var server = HttpServer.start(app, ServerConfig.defaults().withAccessLog(null), "127.0.0.1", 0, tls)) {
            var withCert = Programs.run(List.of(
                    "curl",
                    "-sS",
                    "--cacert",
                    pki.ca().toString(),
                    "--cert",
                    pki.client().certificate().toString(),
                    "--key",
                    pki.client().key().toString(),
                    url(server, "/me")));
            var without =
                    Programs.run(List.of("curl", "-sS", "--cacert", pki.ca().toString(), url(server, "/me")));

            assertThat(withCert.stdout()).as(withCert.stderr()).isEqualTo("CN=client.test");
            assertThat(without.exit()).isNotZero();
            assertThat(without.stdout()).isEmpty();
        }
    }

    @AsyncioTest
    void clientTlsOptionsAreRefused() {
        assertThatThrownBy(() -> HttpServer.start(app(), ServerConfig.defaults(), "127.0.0.1", 0, TlsOptions.client()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
