package io.jasyncio.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import io.jasyncio.TaskGroup;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * Every shape of body a user hands to jasyncio compiles without {@code return null;}, picks the intended
 * overload, and runs. Compiling this class is half of the test: a call shape that became ambiguous breaks the
 * build, and the typed variables ({@code Task<Void>} versus {@code Task<String>}) check which overload Java
 * chose. It lives outside {@code io.jasyncio} so that it sees only what user code sees.
 *
 * <p>Shapes: a statement lambda, an expression lambda calling a value-returning method, an expression lambda
 * calling a {@code void} method, method references to {@code void} and value-returning methods, a block lambda
 * that only throws, and a block lambda returning a value. (A method reference to an <em>overloaded</em>
 * method, such as {@code reader::readLine}, fits both shapes and is ambiguous, as with
 * {@code ExecutorService.submit}; the Javadoc of {@code CheckedRunnable} says to write a lambda.)
 */
@NullUnmarked
class BodyShapesTest {
    private static final Duration LONG = Duration.ofMinutes(1);

    private final List<String> log = new CopyOnWriteArrayList<>();

    private void act() throws IOException {
        log.add("act");
    }

    private String value() throws IOException {
        log.add("value");
        return "v";
    }

    private static void awaitAll(Task<?>... tasks) {
        Asyncio.gatherSettled(tasks);
    }

    @AsyncioTest
    void asyncioCreateTaskTakesEveryShape() throws Exception {
        Task<Void> statement = Asyncio.createTask(() -> {
            log.add("statement");
        });
        Task<String> valueCall = Asyncio.createTask(() -> value());
        Task<Void> voidCall = Asyncio.createTask(() -> act());
        Task<Void> voidRef = Asyncio.createTask(this::act);
        Task<String> valueRef = Asyncio.createTask(this::value);
        Task<Object> throwing = Asyncio.createTask(() -> {
            throw new IOException("thrown");
        });
        Task<Integer> block = Asyncio.createTask(() -> {
            Asyncio.sleep(Duration.ZERO);
            return 42;
        });
        Task<Void> namedVoid = Asyncio.createTask("named-void", this::act);
        Task<String> namedValue = Asyncio.createTask("named-value", () -> value());
        awaitAll(statement, valueCall, voidCall, voidRef, valueRef, throwing, block, namedVoid, namedValue);

        assertThat(statement.await()).isNull();
        assertThat(valueCall.await()).isEqualTo("v");
        assertThat(voidCall.await()).isNull();
        assertThat(voidRef.await()).isNull();
        assertThat(valueRef.await()).isEqualTo("v");
        assertThat(throwing.exceptionNow()).isInstanceOf(IOException.class).hasMessage("thrown");
        assertThat(block.await()).isEqualTo(42);
        assertThat(namedVoid.name()).isEqualTo("named-void");
        assertThat(namedValue.await()).isEqualTo("v");
        assertThat(log).containsExactlyInAnyOrder("statement", "value", "act", "act", "value", "act", "value");
    }

    @AsyncioTest
    void loopCreateTaskTakesEveryShape() throws Exception {
        EventLoop loop = Asyncio.loop();
        Task<Void> statement = loop.createTask(() -> {
            log.add("statement");
        });
        Task<String> valueCall = loop.createTask(() -> value());
        Task<Void> voidRef = loop.createTask(this::act);
        Task<String> valueRef = loop.createTask("named", this::value);
        Task<Void> namedVoid = loop.createTask("named-void", () -> act());
        awaitAll(statement, valueCall, voidRef, valueRef, namedVoid);
        assertThat(statement.await()).isNull();
        assertThat(valueCall.await()).isEqualTo("v");
        assertThat(voidRef.await()).isNull();
        assertThat(valueRef.await()).isEqualTo("v");
        assertThat(namedVoid.name()).isEqualTo("named-void");
        assertThat(log).containsExactlyInAnyOrder("statement", "value", "act", "value", "act");
    }

    @AsyncioTest
    void taskGroupCreateTaskAndRunTakeEveryShape() throws Exception {
        Task<?>[] tasks = new Task<?>[6];
        TaskGroup.run(tg -> {
            Task<Void> statement = tg.createTask(() -> {
                log.add("statement");
            });
            Task<String> valueCall = tg.createTask(() -> value());
            Task<Void> voidCall = tg.createTask(() -> act());
            Task<Void> voidRef = tg.createTask(this::act);
            Task<String> valueRef = tg.createTask(this::value);
            Task<Void> named = tg.createTask("named", this::act);
            tasks[0] = statement;
            tasks[1] = valueCall;
            tasks[2] = voidCall;
            tasks[3] = voidRef;
            tasks[4] = valueRef;
            tasks[5] = named;
        });
        TaskGroup.run(tg -> tg.createTask(this::act)); // an expression body whose value is dropped
        try (var tg = TaskGroup.open()) {
            Task<Void> t = tg.createTask(() -> {
                log.add("in try");
            });
            assertThat(t).isNotNull();
        }
        assertThat(tasks).allSatisfy(t -> assertThat(t.isDone()).isTrue());
        assertThat(tasks[1].resultNow()).isEqualTo("v");
        assertThat(tasks[0].resultNow()).isNull();
        assertThat(log).hasSize(8).contains("statement", "in try");
    }

    @AsyncioTest
    void withTimeoutTakesEveryShape() throws Exception {
        Asyncio.withTimeout(LONG, () -> {
            log.add("statement");
        });
        String valueCall = Asyncio.withTimeout(LONG, () -> value());
        Asyncio.withTimeout(LONG, () -> act());
        Asyncio.withTimeout(LONG, this::act);
        String valueRef = Asyncio.withTimeout(LONG, this::value);
        int block = Asyncio.withTimeout(LONG, () -> {
            Asyncio.sleep(Duration.ZERO);
            return 42;
        });
        String scoped = Asyncio.withTimeout(LONG, scope -> {
            scope.reschedule(LONG);
            return "scoped";
        });
        assertThatThrownBy(() -> Asyncio.withTimeout(LONG, () -> {
                    throw new IOException("thrown");
                }))
                .isInstanceOf(IOException.class);
        assertThat(List.of(valueCall, valueRef, scoped)).containsExactly("v", "v", "scoped");
        assertThat(block).isEqualTo(42);
        assertThat(log).containsExactly("statement", "value", "act", "act", "value");
    }

    @AsyncioTest
    void withDeadlineTakesEveryShape() throws Exception {
        long at = Asyncio.loop().time() + LONG.toNanos();
        Asyncio.withDeadline(at, () -> {
            log.add("statement");
        });
        String valueCall = Asyncio.withDeadline(at, () -> value());
        Asyncio.withDeadline(at, this::act);
        String valueRef = Asyncio.withDeadline(at, this::value);
        String scoped = Asyncio.withDeadline(at, scope -> "scoped");
        assertThatThrownBy(() -> Asyncio.withDeadline(at, () -> {
                    throw new IOException("thrown");
                }))
                .isInstanceOf(IOException.class);
        assertThat(List.of(valueCall, valueRef, scoped)).containsExactly("v", "v", "scoped");
        assertThat(log).containsExactly("statement", "value", "act", "value");
    }

    @AsyncioTest
    void moveOnAfterTakesEveryShapeAndTellsAVoidBodyWhetherItFinished() throws Exception {
        boolean finished = Asyncio.moveOnAfter(LONG, () -> {
            log.add("statement");
        });
        boolean cut = Asyncio.moveOnAfter(Duration.ofSeconds(1), () -> {
            Asyncio.sleep(LONG);
            log.add("unreachable");
        });
        String valueCall = Asyncio.moveOnAfter(LONG, () -> value());
        boolean voidRef = Asyncio.moveOnAfter(LONG, this::act);
        String valueRef = Asyncio.moveOnAfter(LONG, this::value);
        String movedOn = Asyncio.moveOnAfter(Duration.ofSeconds(1), () -> {
            Asyncio.sleep(LONG);
            return "unreachable";
        });
        assertThat(finished).isTrue();
        assertThat(cut).isFalse();
        assertThat(voidRef).isTrue();
        assertThat(valueCall).isEqualTo("v");
        assertThat(valueRef).isEqualTo("v");
        assertThat(movedOn).isNull();
        assertThat(log).containsExactly("statement", "value", "act", "value");
    }

    @AsyncioTest
    void waitForTakesABodyOfEveryShapeAsWellAsAnAwaitable() throws Exception {
        Asyncio.waitFor(
                () -> {
                    log.add("statement");
                },
                LONG);
        String valueCall = Asyncio.waitFor(() -> value(), LONG);
        Asyncio.waitFor(() -> act(), LONG);
        Asyncio.waitFor(this::act, LONG);
        String valueRef = Asyncio.waitFor(this::value, LONG);
        Task<String> task = Asyncio.createTask(this::value);
        String awaited = Asyncio.waitFor(task, LONG);
        assertThat(List.of(valueCall, valueRef, awaited)).containsExactly("v", "v", "v");
        assertThat(log).containsExactly("statement", "value", "act", "act", "value", "value");
    }

    @AsyncioTest
    void toThreadTakesEveryShape() throws Exception {
        Asyncio.toThread(() -> {
            log.add("statement on " + Thread.currentThread().getName());
        });
        String valueCall = Asyncio.toThread(() -> value());
        Asyncio.toThread(() -> act());
        Asyncio.toThread(this::act);
        String valueRef = Asyncio.toThread(this::value);
        assertThatThrownBy(() -> Asyncio.toThread(() -> {
                    throw new IOException("thrown");
                }))
                .isInstanceOf(IOException.class);
        assertThat(List.of(valueCall, valueRef)).containsExactly("v", "v");
        assertThat(log).hasSize(5).first().asString().startsWith("statement on jasyncio-executor-");
    }

    @Test
    void runTakesEveryShape() throws Exception {
        LoopOptions options = LoopOptions.defaults().withClock(new VirtualClock());
        Asyncio.run(
                () -> {
                    Asyncio.sleep(Duration.ofSeconds(1));
                    log.add("statement");
                },
                options);
        String valueCall = Asyncio.run(() -> value(), options);
        Asyncio.run(() -> act(), options);
        Asyncio.run(this::act, options);
        String valueRef = Asyncio.run(this::value, options);
        int block = Asyncio.run(
                () -> {
                    Asyncio.sleep(Duration.ofSeconds(1));
                    return 42;
                },
                options);
        assertThatThrownBy(() -> Asyncio.run(
                        () -> {
                            throw new IOException("thrown");
                        },
                        options))
                .isInstanceOf(IOException.class);
        Asyncio.run(() -> {
            log.add("default options");
        });
        assertThat(List.of(valueCall, valueRef)).containsExactly("v", "v");
        assertThat(block).isEqualTo(42);
        assertThat(log).containsExactly("statement", "value", "act", "act", "value", "default options");
    }
}
