package io.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Server;
import io.jasyncio.net.Streams;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code jasyncio echo --api streams}: concurrent connections relayed without copies each get their own bytes. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a bug here serves forever
class EchoStreamsTest {

    @Test
    void concurrentClientsEachGetTheirOwnBytesBack() throws Exception {
        Asyncio.run(() -> {
            try (Server server = Streams.startServer(EchoCommand::echoStream, "127.0.0.1", 0)) {
                List<Task<Boolean>> clients = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    long seed = i;
                    clients.add(Asyncio.createTask(() -> echoesItsOwnBytes(server.port(), seed)));
                }
                for (Task<Boolean> c : clients) {
                    assertThat(c.await()).isTrue();
                }
            }
            return null;
        });
    }

    /** Sends 1 MiB of its own bytes in random pieces while reading the echo; returns whether it came back intact. */
    private static boolean echoesItsOwnBytes(int port, long seed) throws Exception {
        Random rnd = new Random(seed);
        byte[] payload = new byte[1024 * 1024];
        rnd.nextBytes(payload);
        try (Connection c = Streams.openConnection("127.0.0.1", port)) {
            Task<byte[]> reading = Asyncio.createTask(() -> {
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                while (got.size() < payload.length) {
                    byte[] b = c.reader().read(64 * 1024);
                    if (b.length == 0) {
                        break;
                    }
                    got.write(b);
                }
                return got.toByteArray();
            });
            int at = 0;
            while (at < payload.length) {
                int n = Math.min(payload.length - at, 1 + rnd.nextInt(200_000));
                c.writer().write(Arrays.copyOfRange(payload, at, at + n));
                c.writer().drain();
                at += n;
            }
            return Arrays.equals(reading.await(), payload);
        }
    }
}
