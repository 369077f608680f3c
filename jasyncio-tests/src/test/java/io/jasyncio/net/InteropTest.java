package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with peers nobody here wrote: CPython asyncio and Node, both ways, on loopback port 0. Each
 * peer process is ended and waited for inside the test, so {@code @AsyncioTest} would report a leftover one.
 */
@Timeout(120)
class InteropTest {

    private static final String PY_SERVER = """
            import asyncio, sys
            async def handle(r, w):
                while True:
                    line = await r.readline()
                    if not line:
                        break
                    w.write(line.upper())
                    await w.drain()
                w.close()
            async def main():
                server = await asyncio.start_server(handle, '127.0.0.1', 0)
                print(server.sockets[0].getsockname()[1], flush=True)
                async with server:
                    await server.serve_forever()
            asyncio.run(main())
            """;

    private static final String PY_CLIENT = """
            import asyncio, sys, hashlib
            async def main():
                r, w = await asyncio.open_connection('127.0.0.1', int(sys.argv[1]))
                payload = bytes(range(256)) * 4096
                w.write(payload)
                await w.drain()
                w.write_eof()
                back = await r.read()
                print(hashlib.sha256(back).hexdigest() == hashlib.sha256(payload).hexdigest(), len(back))
                w.close()
                await w.wait_closed()
            asyncio.run(main())
            """;

    private static final String NODE_SERVER = """
            const net = require('net');
            const s = net.createServer(c => c.on('data', d => c.write(d.toString().toUpperCase())).on('end', () => c.end()));
            s.listen(0, '127.0.0.1', () => console.log(s.address().port));
            """;

    private static final String NODE_CLIENT = """
            const net = require('net');
            const c = net.connect(+process.argv[2], '127.0.0.1', () => { c.end('from node\\n'); });
            let got = '';
            c.on('data', d => got += d).on('end', () => { console.log(got.trim()); });
            """;

    private static boolean has(String cmd) {
        try {
            Process p = new ProcessBuilder(cmd, "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            try (var out = p.getInputStream()) {
                out.readAllBytes();
            }
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Process start(Path dir, String interpreter, String name, String code, String... args)
            throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, code);
        List<String> cmd = new java.util.ArrayList<>(List.of(interpreter, script.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static String firstLine(Process p) throws Exception {
        return Asyncio.toThread(() -> {
            StringBuilder sb = new StringBuilder();
            int ch;
            while ((ch = p.getInputStream().read()) >= 0 && ch != '\n') {
                sb.append((char) ch);
            }
            return sb.toString().trim();
        });
    }

    /** Ends a peer process and waits for it (off the loop), so the leak check finds neither it nor its pipes. */
    private static void stop(Process p) throws Exception {
        p.destroy();
        Asyncio.toThread(() -> p.waitFor(30, TimeUnit.SECONDS));
        p.getOutputStream().close();
        p.getInputStream().close();
    }

    private void upperCaseServerRoundTrip(Path dir, String interpreter, String name, String code) throws Exception {
        Process server = start(dir, interpreter, name, code);
        try {
            int port = Integer.parseInt(firstLine(server));
            Connection c = Streams.openConnection("127.0.0.1", port);
            c.writer().write("hello peer\n".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(c.reader().readLine(), StandardCharsets.UTF_8))
                    .isEqualTo("HELLO PEER\n");
            c.writer().writeEof();
            assertThat(c.reader().read(-1)).isEmpty();
            c.close();
            c.writer().awaitClosed();
        } finally {
            stop(server);
        }
    }

    @AsyncioTest(realClock = true)
    void jasyncioClientTalksToAPythonAsyncioServer(@TempDir Path dir) throws Exception {
        assumeTrue(has("python3"), "python3 is not installed");
        upperCaseServerRoundTrip(dir, "python3", "server.py", PY_SERVER);
    }

    @AsyncioTest(realClock = true)
    void pythonAsyncioClientTalksToAJasyncioServer(@TempDir Path dir) throws Exception {
        assumeTrue(has("python3"), "python3 is not installed");
        echoServerServesAClient(dir, "python3", "client.py", PY_CLIENT, "True 1048576");
    }

    @AsyncioTest(realClock = true)
    void jasyncioClientTalksToANodeServer(@TempDir Path dir) throws Exception {
        assumeTrue(has("node"), "node is not installed");
        upperCaseServerRoundTrip(dir, "node", "server.js", NODE_SERVER);
    }

    @AsyncioTest(realClock = true)
    void nodeClientTalksToAJasyncioServer(@TempDir Path dir) throws Exception {
        assumeTrue(has("node"), "node is not installed");
        echoServerServesAClient(dir, "node", "client.js", NODE_CLIENT, "from node");
    }

    /** Runs a peer's client script against a jasyncio echo server; the script prints one line of verdict. */
    private static void echoServerServesAClient(Path dir, String program, String file, String source, String verdict)
            throws Exception {
        Server server = Streams.startServer(InteropTest::echoAll, "127.0.0.1", 0);
        try {
            Process client = start(dir, program, file, source, String.valueOf(server.port()));
            try {
                assertThat(firstLine(client)).isEqualTo(verdict);
                assertThat(Asyncio.toThread(() -> client.waitFor(30, TimeUnit.SECONDS)))
                        .isTrue();
            } finally {
                stop(client);
            }
        } finally {
            server.close();
        }
        server.awaitClosed(); // the handler closed its connection
    }

    private static void echoAll(StreamReader reader, StreamWriter writer) throws Exception {
        try {
            while (true) {
                byte[] data = reader.read(65536);
                if (data.length == 0) {
                    break;
                }
                writer.write(data);
                writer.drain();
            }
        } finally {
            writer.close();
        }
    }
}
