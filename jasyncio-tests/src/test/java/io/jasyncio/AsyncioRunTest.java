package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

@NullUnmarked
class AsyncioRunTest {

    @Test
    void runReturnsTheMainTasksResult() throws Exception {
        assertThat(Loops.run(() -> "result")).isEqualTo("result");
    }

    @Test
    void runRethrowsACheckedExceptionAsItIs() {
        IOException boom = new IOException("boom");
        assertThatThrownBy(() -> Loops.run(() -> {
                    Asyncio.sleep(Duration.ofSeconds(1));
                    throw boom;
                }))
                .isSameAs(boom);
    }

    @Test
    void runRethrowsAnUncheckedExceptionAsItIs() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertThatThrownBy(() -> Loops.run(() -> {
                    throw boom;
                }))
                .isSameAs(boom);
    }

    @Test
    void runThrowsCancelledExceptionWhenTheMainTaskIsCancelled() {
        assertThatThrownBy(() -> Loops.run(() -> {
                    Asyncio.currentTask().orElseThrow().cancel("self");
                    Asyncio.sleep(Duration.ofSeconds(1));
                    return "unreachable";
                }))
                .isInstanceOf(CancelledException.class)
                .hasMessage("self");
    }

    @Test
    void runCancelsTheTasksLeftOverAndLetsThemCleanUp() throws Exception {
        List<String> seen = new ArrayList<>();
        Task<?>[] leftover = new Task<?>[1];
        Loops.run(() -> {
            leftover[0] = Asyncio.createTask("leftover", () -> {
                try {
                    Asyncio.sleep(Duration.ofDays(1));
                    return "slept";
                } catch (CancelledException e) {
                    seen.add("cancelled: " + e.getMessage());
                    throw e;
                } finally {
                    seen.add("finally");
                }
            });
            Asyncio.sleep(Duration.ZERO);
            return null;
        });
        assertThat(seen).containsExactly("cancelled: event loop is closing", "finally");
        assertThat(leftover[0].isCancelled()).isTrue();
        assertThat(leftover[0].loop().isClosed()).isTrue();
    }

    @Test
    void runWorksFromAPlatformThread() throws Exception {
        String[] out = new String[1];
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                out[0] = Loops.run(() -> {
                    Asyncio.sleep(Duration.ofSeconds(1));
                    return "platform";
                });
            } catch (Exception e) {
                out[0] = e.toString();
            }
        });
        assertThat(t.join(Duration.ofSeconds(30))).isTrue();
        assertThat(out[0]).isEqualTo("platform");
    }

    @Test
    void runWorksFromAVirtualThread() throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var f = executor.submit(() -> Loops.run(() -> {
                Asyncio.sleep(Duration.ofSeconds(1));
                Task<String> child = Asyncio.createTask(() -> "virtual");
                return child.await();
            }));
            assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("virtual");
        }
    }

    @Test
    void runFromAVirtualThreadPropagatesTheMainTasksException() {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var f = executor.submit(() -> Loops.run(() -> {
                throw new IOException("from main");
            }));
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IOException.class)
                    .hasMessage("from main");
        }
    }

    @Test
    void aNestedRunInsideATaskIsRejected() throws Exception {
        Throwable e = Loops.run(() -> {
            try {
                Asyncio.run(() -> "inner");
                return null;
            } catch (Exception thrown) {
                return thrown;
            }
        });
        assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("running event loop");
    }

    @Test
    void aNestedRunInsideACallbackIsRejected() throws Exception {
        Throwable e = Loops.run(() -> {
            Future<Throwable> seen = Asyncio.loop().createFuture();
            Asyncio.loop().callSoon(() -> {
                try {
                    Asyncio.run(() -> "inner");
                    seen.setResult(null);
                } catch (Exception thrown) {
                    seen.setResult(thrown);
                }
            });
            return seen.await();
        });
        assertThat(e).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void runShutsTheDefaultExecutorDownSoNoThreadLeaks() throws Exception {
        String worker =
                Loops.run(() -> Asyncio.toThread(() -> Thread.currentThread().getName()));
        assertThat(worker).startsWith("jasyncio-executor-");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(worker)) {
                assertThat(t.join(Duration.ofSeconds(30)))
                        .as("executor thread %s ends", worker)
                        .isTrue();
            }
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals(worker) && t.isAlive());
    }

    @Test
    void runClosesItsLoop() throws Exception {
        EventLoop loop = Loops.run(Asyncio::loop);
        assertThat(loop.isClosed()).isTrue();
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void runThrowsTheCancellationWithTheStackOfTheRunCall() {
        // CancelledException is stackless inside tasks; out of run it must have a trace (the JDK's source
        // launcher trims the trace of what main throws and fails on an empty one)
        assertThatThrownBy(() -> Loops.run(() -> {
                    Asyncio.currentTask().orElseThrow().cancel("self");
                    Asyncio.sleep(Duration.ofSeconds(1));
                }))
                .isInstanceOf(CancelledException.class)
                .hasMessage("self")
                .satisfies(e -> assertThat(e.getStackTrace())
                        .anySatisfy(f -> assertThat(f.getMethodName()).isEqualTo("run"))
                        .anySatisfy(f -> assertThat(f.getClassName()).isEqualTo(AsyncioRunTest.class.getName())));
    }

    private static void kill(String signal) throws Exception {
        long pid = ProcessHandle.current().pid();
        int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start()
                .waitFor();
        assertThat(rc).isZero();
    }

    private static void assumeJvmMainThread() {
        assumeTrue(
                Thread.currentThread().getName().equals("main")
                        && !Thread.currentThread().isVirtual(),
                "Asyncio.run installs its SIGINT handler only on the JVM's main thread");
    }

    @Test
    void sigintCancelsTheMainTaskAndEndsTheRunWithKeyboardInterrupt() {
        assumeJvmMainThread();
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> Loops.runReal(() -> {
                    try {
                        Asyncio.toThread(() -> kill("INT"));
                        Asyncio.sleep(Duration.ofMinutes(1)); // real clock: only the signal can end this early
                        return "not interrupted";
                    } catch (CancelledException e) {
                        seen.add(e.getMessage());
                        throw e;
                    }
                }))
                .isInstanceOf(KeyboardInterruptException.class)
                .hasMessage("interrupted by SIGINT (Ctrl-C)")
                .satisfies(e -> assertThat(e.getStackTrace())
                        .anySatisfy(f -> assertThat(f.getClassName()).isEqualTo(AsyncioRunTest.class.getName())));
        assertThat(seen).singleElement().asString().contains("SIGINT");
    }

    @Test
    void aMainTaskThatSwallowsTheSigintEndsTheRunNormally() throws Exception {
        assumeJvmMainThread();
        String r = Loops.runReal(() -> {
            try {
                Asyncio.toThread(() -> kill("INT"));
                Asyncio.sleep(Duration.ofMinutes(1));
                return "not interrupted";
            } catch (CancelledException e) {
                Asyncio.currentTask().orElseThrow().uncancel();
                return "handled";
            }
        });
        assertThat(r).isEqualTo("handled");
    }

    @Test
    void aSecondSigintStopsWaitingForAMainTaskThatIgnoresTheFirst() {
        assumeJvmMainThread();
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> Loops.runReal(() -> {
                    try {
                        Asyncio.toThread(() -> kill("INT"));
                        Asyncio.sleep(Duration.ofMinutes(1));
                    } catch (CancelledException e) {
                        seen.add("first: " + e.getMessage()); // ignored: the task goes on
                    }
                    try {
                        Asyncio.toThread(() -> kill("INT"));
                        Asyncio.sleep(Duration.ofMinutes(1)); // ended by the loop's close, not by the signal
                    } catch (CancelledException e) {
                        seen.add("then: " + e.getMessage());
                        throw e;
                    }
                }))
                .isInstanceOf(KeyboardInterruptException.class);
        assertThat(seen).containsExactly("first: interrupted (SIGINT)", "then: event loop is closing");
    }
}
