package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

@NullUnmarked
class ReadersWritersTest {

    @Test
    void aWriterRunsWhenThePipeIsWritableAndAReaderWhenDataArrives() throws Exception {
        String received = Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            Pipe pipe = Pipe.open();
            try (Pipe.SinkChannel sink = pipe.sink();
                    Pipe.SourceChannel source = pipe.source()) {
                ByteBuffer out = ByteBuffer.wrap("hello through a pipe".getBytes(StandardCharsets.UTF_8));
                int length = out.remaining();
                loop.addWriter(sink, () -> {
                    write(sink, out);
                    if (!out.hasRemaining()) {
                        loop.removeWriter(sink);
                    }
                });
                ByteBuffer in = ByteBuffer.allocate(length);
                Future<String> done = loop.createFuture();
                loop.addReader(source, () -> {
                    read(source, in);
                    if (!in.hasRemaining()) {
                        loop.removeReader(source);
                        done.setResult(new String(in.array(), StandardCharsets.UTF_8));
                    }
                });
                return done.await();
            }
        });
        assertThat(received).isEqualTo("hello through a pipe");
    }

    @Test
    void aRemovedReaderIsNotCalledAgain() throws Exception {
        int calls = Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            Pipe pipe = Pipe.open();
            try (Pipe.SinkChannel sink = pipe.sink();
                    Pipe.SourceChannel source = pipe.source()) {
                int[] count = {0};
                Future<Void> first = loop.createFuture();
                loop.addReader(source, () -> {
                    count[0]++;
                    read(source, ByteBuffer.allocate(64));
                    if (!first.isDone()) {
                        first.setResult(null);
                    }
                });
                assertThat(loop.removeWriter(source)).isFalse();
                write(sink, ByteBuffer.wrap(new byte[] {1}));
                first.await();
                assertThat(loop.removeReader(source)).isTrue();
                assertThat(loop.removeReader(source)).isFalse();
                write(sink, ByteBuffer.wrap(new byte[] {2}));
                Asyncio.sleep(Duration.ofMillis(50));
                return count[0];
            }
        });
        assertThat(calls).isEqualTo(1);
    }

    @Test
    void aReaderCallbackRunsInTheCallbackRunnerNotATask() throws Exception {
        boolean inTask = Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            Pipe pipe = Pipe.open();
            try (Pipe.SinkChannel sink = pipe.sink();
                    Pipe.SourceChannel source = pipe.source()) {
                Future<Boolean> seen = loop.createFuture();
                loop.addReader(source, () -> {
                    read(source, ByteBuffer.allocate(8));
                    loop.removeReader(source);
                    seen.setResult(Asyncio.currentTask().isPresent());
                });
                write(sink, ByteBuffer.wrap(new byte[] {1}));
                return seen.await();
            }
        });
        assertThat(inTask).isFalse();
    }

    /**
     * Two channels ready in the same pass queue both readers; when the first one removes the second's reader,
     * the second's already-queued callback must not run (asyncio cancels the handle).
     */
    @Test
    void removingAReaderCancelsItsCallbackAlreadyQueuedForThisPass() throws Exception {
        List<String> ran = Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            Pipe a = Pipe.open();
            Pipe b = Pipe.open();
            try (Pipe.SinkChannel sinkA = a.sink();
                    Pipe.SourceChannel sourceA = a.source();
                    Pipe.SinkChannel sinkB = b.sink();
                    Pipe.SourceChannel sourceB = b.source()) {
                List<String> calls = new ArrayList<>();
                Pipe.SourceChannel[] sources = {sourceA, sourceB};
                for (int i = 0; i < 2; i++) {
                    Pipe.SourceChannel mine = sources[i];
                    Pipe.SourceChannel other = sources[1 - i];
                    String name = i == 0 ? "a" : "b";
                    loop.addReader(mine, () -> {
                        calls.add(name);
                        read(mine, ByteBuffer.allocate(8));
                        loop.removeReader(mine);
                        loop.removeReader(other); // the other's callback may already be queued
                    });
                }
                // make both readable before the loop polls again, so one select reports both
                write(sinkA, ByteBuffer.wrap(new byte[] {1}));
                write(sinkB, ByteBuffer.wrap(new byte[] {2}));
                Asyncio.sleep(Duration.ofMillis(50));
                return calls;
            }
        });
        assertThat(ran).hasSize(1);
    }

    /** The same for writers: a removed writer's queued callback does not run. */
    @Test
    void removingAWriterCancelsItsCallbackAlreadyQueuedForThisPass() throws Exception {
        List<String> ran = Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            Pipe a = Pipe.open();
            Pipe b = Pipe.open();
            try (Pipe.SinkChannel sinkA = a.sink();
                    Pipe.SinkChannel sinkB = b.sink()) {
                List<String> calls = new ArrayList<>();
                Pipe.SinkChannel[] sinks = {sinkA, sinkB};
                for (int i = 0; i < 2; i++) {
                    Pipe.SinkChannel mine = sinks[i];
                    Pipe.SinkChannel other = sinks[1 - i];
                    String name = i == 0 ? "a" : "b";
                    loop.addWriter(mine, () -> {
                        calls.add(name);
                        loop.removeWriter(mine);
                        loop.removeWriter(other);
                    });
                }
                Asyncio.sleep(Duration.ofMillis(50));
                return calls;
            } finally {
                a.source().close();
                b.source().close();
            }
        });
        assertThat(ran).hasSize(1);
    }

    private static void write(Pipe.SinkChannel sink, ByteBuffer b) {
        try {
            sink.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void read(Pipe.SourceChannel source, ByteBuffer b) {
        try {
            source.read(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
