package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.testing.AsyncioTest;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

@NullUnmarked
class SignalsTest {

    private static void kill(String signal) throws Exception {
        long pid = ProcessHandle.current().pid();
        int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start()
                .waitFor();
        assertThat(rc).isZero();
    }

    @Test
    void aSignalToTheProcessRunsTheHandlerOnTheLoop() throws Exception {
        String seen = Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            Future<String> got = loop.createFuture();
            loop.addSignalHandler(
                    "USR2",
                    () -> got.setResult("USR2 in " + Thread.currentThread().getName()));
            try {
                Asyncio.toThread(() -> {
                    kill("USR2");
                    return null;
                });
                return got.await(); // setResult is loop-confined: it worked only because it ran on the loop
            } finally {
                assertThat(loop.removeSignalHandler("USR2")).isTrue();
            }
        });
        assertThat(seen).startsWith("USR2 in jasyncio-callbacks");
    }

    @AsyncioTest(realClock = true)
    void removeSignalHandlerRestoresThePreviousHandler() throws Exception {
        EventLoop loop = Asyncio.loop();
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        Future<Void> got1 = loop.createFuture();
        loop.addSignalHandler("WINCH", () -> {
            first.incrementAndGet();
            got1.setResult(null);
        });
        Asyncio.toThread(() -> {
            kill("WINCH");
            return null;
        });
        got1.await();
        assertThat(loop.removeSignalHandler("WINCH")).isTrue();
        assertThat(loop.removeSignalHandler("WINCH")).isFalse();
        // the default disposition (ignore) is back: this signal reaches nobody
        Asyncio.toThread(() -> {
            kill("WINCH");
            return null;
        });
        Future<Void> got2 = loop.createFuture();
        loop.addSignalHandler("WINCH", () -> {
            second.incrementAndGet();
            got2.setResult(null);
        });
        Asyncio.toThread(() -> {
            kill("WINCH");
            return null;
        });
        got2.await();
        loop.removeSignalHandler("WINCH");
        int[] counts = new int[] {first.get(), second.get()};
        assertThat(counts).containsExactly(1, 1);
    }

    @AsyncioTest
    void anUnknownSignalIsRejected() throws Exception {
        assertThatThrownBy(() -> Asyncio.loop().addSignalHandler("NOSUCHSIGNAL", () -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
