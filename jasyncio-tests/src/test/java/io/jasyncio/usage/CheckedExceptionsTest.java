package io.jasyncio.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.net.IncompleteReadException;
import io.jasyncio.net.StreamReader;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.VirtualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * A body given inline throws its own checked exceptions as they are, and the call declares exactly those: each
 * test method below has no {@code throws} clause, so the {@code catch (IOException e)} blocks compile only
 * because the calls declare {@code IOException} (inferred from the body), and they run only if the exception
 * arrives unwrapped. Awaiting another task's stored failure still wraps a checked one in
 * {@link CompletionException} (see docs/design.md, "How await() reports failures").
 */
@NullUnmarked
class CheckedExceptionsTest {
    private static final Duration LONG = Duration.ofMinutes(1);

    /** A reader holding {@code abc} and then end of file: reading ten bytes exactly fails with an IOException. */
    private static StreamReader shortReader() {
        StreamReader reader = new StreamReader();
        reader.feed("abc".getBytes(StandardCharsets.UTF_8));
        reader.feedEof();
        return reader;
    }

    @AsyncioTest
    void withTimeoutThrowsTheReadersIOExceptionAsItIs() {
        StreamReader reader = shortReader();
        try {
            byte[] line = Asyncio.withTimeout(LONG, () -> reader.readLine()); // the partial last line
            assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("abc");
            Asyncio.withTimeout(LONG, () -> reader.readExactly(10));
            fail("no exception");
        } catch (IOException e) {
            assertThat(e).isInstanceOf(IncompleteReadException.class);
        } catch (TimeoutException e) {
            fail("timed out", e);
        }
    }

    @AsyncioTest
    void withTimeoutOfAVoidBodyThrowsItsIOExceptionAsItIs() {
        IOException boom = new IOException("boom");
        try {
            Asyncio.withTimeout(LONG, () -> {
                Asyncio.sleep(Duration.ZERO);
                throw boom;
            });
            fail("no exception");
        } catch (IOException e) {
            assertThat(e).isSameAs(boom);
        } catch (TimeoutException e) {
            fail("timed out", e);
        }
    }

    @AsyncioTest
    void withTimeoutOfAScopedBodyThrowsItsIOExceptionAsItIs() {
        StreamReader reader = shortReader();
        try {
            Asyncio.withTimeout(LONG, scope -> reader.readExactly(10));
            fail("no exception");
        } catch (IOException e) {
            assertThat(e).isInstanceOf(IncompleteReadException.class);
        } catch (TimeoutException e) {
            fail("timed out", e);
        }
    }

    @AsyncioTest
    void withDeadlineThrowsTheBodysIOExceptionAsItIs() {
        StreamReader reader = shortReader();
        try {
            Asyncio.withDeadline(Asyncio.loop().time() + LONG.toNanos(), () -> reader.readExactly(10));
            fail("no exception");
        } catch (IOException e) {
            assertThat(e).isInstanceOf(IncompleteReadException.class);
        } catch (TimeoutException e) {
            fail("timed out", e);
        }
    }

    @AsyncioTest
    void moveOnAfterThrowsTheBodysIOExceptionAsItIs() {
        StreamReader reader = shortReader();
        try {
            Asyncio.moveOnAfter(LONG, () -> reader.readExactly(10));
            fail("no exception");
        } catch (IOException e) {
            assertThat(e).isInstanceOf(IncompleteReadException.class);
        }
    }

    @AsyncioTest
    void moveOnAfterThrowsAnInnerScopesTimeoutAsItIs() {
        try {
            Asyncio.moveOnAfter(
                    LONG,
                    () -> Asyncio.withTimeout(Duration.ofSeconds(1), () -> {
                        Asyncio.sleep(LONG);
                        return "unreachable";
                    }));
            fail("no exception");
        } catch (TimeoutException e) {
            assertThat(e).hasMessage("timed out"); // the inner scope's, not wrapped, not absorbed
        }
    }

    @AsyncioTest
    void waitForTakesTheCallAndThrowsItsIOExceptionAsItIs() {
        StreamReader reader = new StreamReader();
        reader.feed("hello".getBytes(StandardCharsets.UTF_8));
        try {
            // asyncio: await asyncio.wait_for(reader.read(100), 5)
            byte[] data = Asyncio.waitFor(() -> reader.read(100), Duration.ofSeconds(5));
            assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo("hello");
            Asyncio.waitFor(() -> reader.read(100), Duration.ofSeconds(5)); // nothing more arrives
            fail("no timeout");
        } catch (IOException e) {
            fail("read failed", e);
        } catch (TimeoutException e) {
            assertThat(reader.atEof()).isFalse();
        }
        reader.feedEof();
        try {
            Asyncio.waitFor(() -> reader.readExactly(1), Duration.ofSeconds(5));
            fail("no exception");
        } catch (IOException e) {
            assertThat(e).isInstanceOf(IncompleteReadException.class);
        } catch (TimeoutException e) {
            fail("timed out", e);
        }
    }

    @AsyncioTest
    void toThreadThrowsTheWorksIOExceptionAsItIs() {
        try {
            Asyncio.toThread(() -> java.nio.file.Files.readString(java.nio.file.Path.of("/no/such/file/here")));
            fail("no exception");
        } catch (IOException e) {
            assertThat(e).isInstanceOf(java.nio.file.NoSuchFileException.class);
        }
    }

    @AsyncioTest
    void taskGroupRunThrowsTheBodysIOExceptionAsItIs() {
        StreamReader reader = shortReader();
        try {
            TaskGroup.run(tg -> {
                tg.createTask(() -> Asyncio.sleep(LONG)); // cancelled by the body's failure
                reader.readExactly(10);
            });
            fail("no exception");
        } catch (IOException e) {
            assertThat(e).isInstanceOf(IncompleteReadException.class);
        }
    }

    @Test
    void runThrowsTheMainTasksIOExceptionAsItIs() {
        LoopOptions options = LoopOptions.defaults().withClock(new VirtualClock());
        try {
            Asyncio.run(() -> shortReader().readExactly(10), options);
            fail("no exception");
        } catch (IOException e) {
            assertThat(e).isInstanceOf(IncompleteReadException.class);
        }
    }

    @Test
    void aBodyThatThrowsNothingCheckedNeedsNoCatch() {
        // no throws clause and no catch: X is inferred as RuntimeException
        int n = Asyncio.run(() -> Asyncio.createTask(() -> 6).await() * 7);
        assertThat(n).isEqualTo(42);
    }

    @AsyncioTest
    void awaitingAnotherTasksCheckedFailureStillWrapsIt() {
        IOException boom = new IOException("boom");
        Task<String> failing = Asyncio.createTask(() -> {
            throw boom;
        });
        try {
            failing.await();
            fail("no exception");
        } catch (CompletionException e) {
            assertThat(e).hasCause(boom);
        } catch (CancelledException e) {
            fail("cancelled", e);
        }
    }
}
