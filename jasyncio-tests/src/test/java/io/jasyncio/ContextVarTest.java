package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

@NullUnmarked
class ContextVarTest {
    private static final ContextVar<String> REQUEST = ContextVar.of("request", "-");
    private static final ContextVar<Integer> NO_DEFAULT = ContextVar.of("no-default");

    @Test
    void aVariableWithoutAValueReturnsItsDefault() throws Exception {
        String v = Loops.run(REQUEST::get);
        assertThat(v).isEqualTo("-");
        assertThat(REQUEST.get()).isEqualTo("-"); // outside any loop too
    }

    @AsyncioTest
    void aVariableWithoutAValueOrDefaultThrowsOnGet() throws Exception {
        assertThatThrownBy(NO_DEFAULT::get).isInstanceOf(IllegalStateException.class);
        assertThat(NO_DEFAULT.getOrElse(7)).isEqualTo(7);
    }

    @Test
    void setOutsideALoopIsRejected() {
        assertThatThrownBy(() -> REQUEST.set("x")).isInstanceOf(IllegalStateException.class);
    }

    @AsyncioTest
    void aNewTaskStartsWithACopyOfItsCreatorsValues() throws Exception {
        REQUEST.set("42");
        Task<String> child = Asyncio.createTask(REQUEST::get);
        REQUEST.set("changed after createTask");
        String seen = child.await();
        assertThat(seen).isEqualTo("42");
    }

    @AsyncioTest
    void changesInAChildTaskAreInvisibleToItsParentAndSiblings() throws Exception {
        REQUEST.set("parent");
        List<String> out = new ArrayList<>();
        Task<?> a = Asyncio.createTask(() -> {
            REQUEST.set("child a");
            Asyncio.sleep(Duration.ofSeconds(1));
            return out.add("a sees " + REQUEST.get());
        });
        Task<?> b = Asyncio.createTask(() -> {
            Asyncio.sleep(Duration.ofSeconds(2));
            return out.add("b sees " + REQUEST.get());
        });
        a.await();
        b.await();
        out.add("parent sees " + REQUEST.get());
        List<String> seen = out;
        assertThat(seen).containsExactly("a sees child a", "b sees parent", "parent sees parent");
    }

    @AsyncioTest
    void resetRestoresTheValueBeforeTheSet() throws Exception {
        ContextVar.Token<String> first = REQUEST.set("one");
        ContextVar.Token<String> second = REQUEST.set("two");
        assertThat(REQUEST.get()).isEqualTo("two");
        REQUEST.reset(second);
        assertThat(REQUEST.get()).isEqualTo("one");
        REQUEST.reset(first);
        assertThat(REQUEST.get()).isEqualTo("-");
        assertThat(REQUEST.getOrElse(null)).isNull();
    }

    @Test
    void resetWithAnotherVariablesTokenIsRejected() throws Exception {
        ContextVar<String> other = ContextVar.of("other", "o");
        Loops.run(() -> {
            ContextVar.Token<String> token = other.set("x");
            assertThatThrownBy(() -> REQUEST.reset(token)).isInstanceOf(IllegalArgumentException.class);
            return null;
        });
    }

    @AsyncioTest
    void callbacksSeeTheValuesOfTheTaskThatScheduledThem() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> out = new ArrayList<>();
        REQUEST.set("at callSoon");
        loop.callSoon(() -> out.add("soon " + REQUEST.get()));
        REQUEST.set("at callLater");
        loop.callLater(Duration.ofSeconds(1), () -> out.add("later " + REQUEST.get()));
        REQUEST.set("after scheduling");
        Asyncio.sleep(Duration.ofSeconds(2));
        List<String> seen = out;
        assertThat(seen).containsExactly("soon at callSoon", "later at callLater");
    }

    @AsyncioTest
    void aCallbacksOwnChangesDoNotLeakIntoTheTaskOrLaterCallbacks() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> out = new ArrayList<>();
        REQUEST.set("task");
        loop.callSoon(() -> REQUEST.set("set in callback"));
        loop.callSoon(() -> out.add("next callback " + REQUEST.get()));
        Loops.yieldTimes(2);
        out.add("task " + REQUEST.get());
        List<String> seen = out;
        assertThat(seen).containsExactly("next callback task", "task task");
    }

    @AsyncioTest
    void tasksCreatedFromACallbackInheritTheCallbacksValues() throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<Task<String>> created = loop.createFuture();
        REQUEST.set("scheduler");
        loop.callSoon(() -> created.setResult(loop.createTask(REQUEST::get)));
        REQUEST.set("changed");
        String seen = created.await().await();
        assertThat(seen).isEqualTo("scheduler");
    }

    @AsyncioTest
    void threadsafeCallbacksStartWithEmptyValues() throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<String> out = loop.createFuture();
        REQUEST.set("task");
        loop.callSoonThreadsafe(() -> out.setResult(REQUEST.get()));
        String seen = out.await();
        assertThat(seen).isEqualTo("-");
    }

    @AsyncioTest
    void aCallbackThatBlockedStillSeesItsOwnValuesAfterOtherCallbacksRan() throws Exception {
        EventLoop loop = Asyncio.loop();
        ReentrantLock lock = new ReentrantLock();
        Future<String> gate = loop.createFuture();
        Task<?> holder = Asyncio.createTask(() -> {
            lock.lock();
            try {
                return gate.await();
            } finally {
                lock.unlock();
            }
        });
        Asyncio.sleep(Duration.ZERO);
        Future<String> seenAfterBlocking = loop.createFuture();
        REQUEST.set("blocking callback's");
        loop.callSoon(() -> {
            String v;
            lock.lock(); // blocks: the loop replaces the callback runner and goes on
            try {
                v = REQUEST.get();
            } finally {
                lock.unlock();
            }
            loop.callSoon(() -> seenAfterBlocking.setResult(v));
        });
        REQUEST.set("other callback's");
        loop.callSoon(() -> REQUEST.get()); // runs in the replacement runner meanwhile
        loop.callLater(Duration.ofSeconds(1), () -> gate.setResult("go"));
        holder.await();
        assertThat(seenAfterBlocking.await()).isEqualTo("blocking callback's");
    }

    @AsyncioTest
    void aDoneCallbackSeesTheValuesOfTheTaskThatAddedIt() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        Future<String> seen = Asyncio.loop().createFuture();
        REQUEST.set("adder");
        f.addDoneCallback(x -> seen.setResult(REQUEST.get()));
        Task<?> completer = Asyncio.createTask(() -> {
            REQUEST.set("completer");
            f.setResult("done");
            return null;
        });
        completer.await();
        assertThat(seen.await()).isEqualTo("adder");
    }
}
