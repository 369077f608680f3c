package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

@NullUnmarked
class TaskTest {

    @Test
    void aTaskReturnsItsBodysResult() throws Exception {
        int v = Loops.run(() -> Asyncio.createTask(() -> 6 * 7).await());
        assertThat(v).isEqualTo(42);
    }

    @AsyncioTest
    void aTaskThatThrowsACheckedExceptionFailsWithIt() throws Exception {
        Task<String> t = Asyncio.createTask(() -> {
            throw new IOException("io");
        });
        assertThatThrownBy(t::await).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
        assertThat(t.state()).isEqualTo(FutureState.FAILED);
        assertThat(t.exceptionNow()).isInstanceOf(IOException.class);
    }

    @AsyncioTest
    void tasksGetDefaultNamesAndCanBeRenamed() throws Exception {
        Task<?> unnamed = Asyncio.createTask(() -> 1);
        Task<?> named = Asyncio.createTask("worker", () -> 1);
        assertThat(unnamed.name()).startsWith("Task-");
        assertThat(named.name()).isEqualTo("worker");
        Task<?> current = Asyncio.currentTask().orElseThrow();
        current.setName("renamed");
        assertThat(current.name()).isEqualTo("renamed");
        assertThat(Thread.currentThread().getName()).isEqualTo("renamed");
        unnamed.await();
        named.await();
    }

    @AsyncioTest
    void toStringShowsTheNameAndTheState() throws Exception {
        Future<String> gate = Asyncio.loop().createFuture();
        Task<String> t = Asyncio.createTask("reader", gate::await);
        assertThat(t.toString()).contains("reader").contains("pending");
        Loops.yieldTimes(1);
        assertThat(t.toString()).contains("waiting");
        gate.setResult("line");
        t.await();
        assertThat(t.toString()).contains("reader").contains("result=line");
    }

    @AsyncioTest
    void stackOfASuspendedTaskShowsWhereItAwaits() throws Exception {
        Future<String> gate = Asyncio.loop().createFuture();
        Task<String> t = Asyncio.createTask(() -> parkedHere(gate));
        Loops.yieldTimes(1);
        StackTraceElement[] stack = t.stack();
        assertThat(Arrays.stream(stack).map(StackTraceElement::getMethodName)).contains("parkedHere", "await");
        String dump = Asyncio.loop().dumpTasks();
        assertThat(dump).contains(t.name()).contains("parkedHere");
        gate.setResult("x");
        t.await();
        assertThat(t.stack()).isEmpty();
    }

    private static String parkedHere(Future<String> gate) {
        return gate.await();
    }

    @AsyncioTest
    void currentTaskIsTheRunningTaskInsideATask() throws Exception {
        Task<?>[] inner = new Task<?>[1];
        Task<Optional<Task<?>>> t = Asyncio.createTask(() -> Asyncio.currentTask());
        inner[0] = t;
        assertThat(t.await()).containsSame(inner[0]);
        assertThat(Asyncio.currentTask()).isPresent().get().isNotSameAs(t);
    }

    @Test
    void currentTaskOutsideALoopThrows() {
        assertThatThrownBy(Asyncio::currentTask).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(Asyncio::loop).isInstanceOf(IllegalStateException.class);
    }

    @AsyncioTest
    void tasksStartInTheOrderTheyWereCreatedInterleavedWithCallbacks() throws Exception {
        List<String> seen = new ArrayList<>();
        Task<?> a = Asyncio.createTask(() -> seen.add("task a"));
        Asyncio.loop().callSoon(() -> seen.add("callback"));
        Task<?> b = Asyncio.createTask(() -> seen.add("task b"));
        assertThat(seen).isEmpty(); // tasks start on a later iteration, not inside createTask
        a.await();
        b.await();
        List<String> order = seen;
        assertThat(order).containsExactly("task a", "callback", "task b");
    }

    @AsyncioTest
    void allTasksListsTheLiveTasks() throws Exception {
        Future<String> gate = Asyncio.loop().createFuture();
        Task<String> a = Asyncio.createTask(gate::await);
        Task<String> b = Asyncio.createTask(gate::await);
        Task<?> main = Asyncio.currentTask().orElseThrow();
        assertThat(Asyncio.allTasks()).containsExactlyInAnyOrder(main, a, b);
        gate.setResult("x");
        a.await();
        b.await();
        assertThat(Asyncio.allTasks()).containsExactly(main);
    }

    @AsyncioTest
    void aTaskNobodyReferencesStillRunsToTheEnd() throws Exception {
        int[] done = {0};
        WeakReference<Task<?>> ref = startUnreferenced(done);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Asyncio.sleep(Duration.ofSeconds(1));
        }
        assertThat(ref.get()).isNull(); // gone once it ended
        int finished = done[0];
        assertThat(finished).isEqualTo(1);
    }

    private static WeakReference<Task<?>> startUnreferenced(int[] done) {
        Task<?> t = Asyncio.createTask(() -> {
            Future<String> never = Asyncio.loop().createFuture();
            Asyncio.loop().callLater(Duration.ofSeconds(3), () -> never.setResult("late"));
            never.await();
            return done[0]++;
        });
        return new WeakReference<>(t);
    }

    @AsyncioTest
    void aTaskCannotAwaitItself() throws Exception {
        Task<?>[] self = new Task<?>[1];
        Future<Void> started = Asyncio.loop().createFuture();
        Task<Throwable> t = Asyncio.createTask(() -> {
            started.await();
            return LoopCallbacksTest.catching(self[0]::await);
        });
        self[0] = t;
        started.setResult(null);
        assertThat(t.await()).isInstanceOf(IllegalStateException.class).hasMessageContaining("itself");
    }
}
