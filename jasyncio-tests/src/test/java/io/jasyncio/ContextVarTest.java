package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void aVariableWithoutAValueOrDefaultThrowsOnGet() throws Exception {
        Loops.run(() -> {
            assertThatThrownBy(NO_DEFAULT::get).isInstanceOf(IllegalStateException.class);
            assertThat(NO_DEFAULT.getOrElse(7)).isEqualTo(7);
            return null;
        });
    }

    @Test
    void setOutsideALoopIsRejected() {
        assertThatThrownBy(() -> REQUEST.set("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNewTaskStartsWithACopyOfItsCreatorsValues() throws Exception {
        String seen = Loops.run(() -> {
            REQUEST.set("42");
            Task<String> child = Asyncio.createTask(REQUEST::get);
            REQUEST.set("changed after createTask");
            return child.await();
        });
        assertThat(seen).isEqualTo("42");
    }

    @Test
    void changesInAChildTaskAreInvisibleToItsParentAndSiblings() throws Exception {
        List<String> seen = Loops.run(() -> {
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
            return out;
        });
        assertThat(seen).containsExactly("a sees child a", "b sees parent", "parent sees parent");
    }

    @Test
    void resetRestoresTheValueBeforeTheSet() throws Exception {
        Loops.run(() -> {
            ContextVar.Token<String> first = REQUEST.set("one");
            ContextVar.Token<String> second = REQUEST.set("two");
            assertThat(REQUEST.get()).isEqualTo("two");
            REQUEST.reset(second);
            assertThat(REQUEST.get()).isEqualTo("one");
            REQUEST.reset(first);
            assertThat(REQUEST.get()).isEqualTo("-");
            assertThat(REQUEST.getOrElse(null)).isNull();
            return null;
        });
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

    @Test
    void callbacksSeeTheValuesOfTheTaskThatScheduledThem() throws Exception {
        List<String> seen = Loops.run(() -> {
            EventLoop loop = Asyncio.loop();
            List<String> out = new ArrayList<>();
            REQUEST.set("at callSoon");
            loop.callSoon(() -> out.add("soon " + REQUEST.get()));
            REQUEST.set("at callLater");
            loop.callLater(Duration.ofSeconds(1), () -> out.add("later " + REQUEST.get()));
            REQUEST.set("after scheduling");
            Asyncio.sleep(Duration.ofSeconds(2));
            return out;
        });
        assertThat(seen).containsExactly("soon at callSoon", "later at callLater");
    }

    @Test
    void aCallbacksOwnChangesDoNotLeakIntoTheTaskOrLaterCallbacks() throws Exception {
        List<String> seen = Loops.run(() -> {
            EventLoop loop = Asyncio.loop();
            List<String> out = new ArrayList<>();
            REQUEST.set("task");
            loop.callSoon(() -> REQUEST.set("set in callback"));
            loop.callSoon(() -> out.add("next callback " + REQUEST.get()));
            Loops.yieldTimes(2);
            out.add("task " + REQUEST.get());
            return out;
        });
        assertThat(seen).containsExactly("next callback task", "task task");
    }

    @Test
    void tasksCreatedFromACallbackInheritTheCallbacksValues() throws Exception {
        String seen = Loops.run(() -> {
            EventLoop loop = Asyncio.loop();
            Future<Task<String>> created = loop.createFuture();
            REQUEST.set("scheduler");
            loop.callSoon(() -> created.setResult(loop.createTask(REQUEST::get)));
            REQUEST.set("changed");
            return created.await().await();
        });
        assertThat(seen).isEqualTo("scheduler");
    }

    @Test
    void threadsafeCallbacksStartWithEmptyValues() throws Exception {
        String seen = Loops.run(() -> {
            EventLoop loop = Asyncio.loop();
            Future<String> out = loop.createFuture();
            REQUEST.set("task");
            loop.callSoonThreadsafe(() -> out.setResult(REQUEST.get()));
            return out.await();
        });
        assertThat(seen).isEqualTo("-");
    }
}
