package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class EagerTasksTest {
    private static final LoopOptions EAGER = LoopOptions.defaults().withEagerTasks(true);

    @Test
    void eagerTaskRunsUpToItsFirstSuspensionBeforeCreateTaskReturns() throws Exception {
        List<String> order = Asyncio.run(
                () -> {
                    List<String> log = new ArrayList<>();
                    Task<String> child = Asyncio.createTask(() -> {
                        log.add("child starts");
                        Asyncio.sleep(Duration.ofMillis(1));
                        log.add("child ends");
                        return "done";
                    });
                    log.add("createTask returned");
                    assertThat(child.await()).isEqualTo("done");
                    return log;
                },
                EAGER);
        assertThat(order).containsExactly("child starts", "createTask returned", "child ends");
    }

    @Test
    void eagerTaskThatNeverSuspendsIsDoneWhenCreateTaskReturns() throws Exception {
        FutureState state = Asyncio.run(() -> Asyncio.createTask(() -> 42).state(), EAGER);
        assertThat(state).isEqualTo(FutureState.SUCCESS);
    }

    @Test
    void nestedEagerTasksRunInnermostFirstThenResumeTheirCreators() throws Exception {
        List<String> order = Asyncio.run(
                () -> {
                    List<String> log = new ArrayList<>();
                    Task<Boolean> outer = Asyncio.createTask(() -> {
                        log.add("outer starts");
                        Task<Boolean> inner = Asyncio.createTask(() -> {
                            log.add("inner starts");
                            Asyncio.sleep(Duration.ZERO);
                            log.add("inner ends");
                            return true;
                        });
                        log.add("outer created inner");
                        return inner.await();
                    });
                    log.add("main created outer");
                    outer.await();
                    return log;
                },
                EAGER);
        assertThat(order)
                .containsExactly(
                        "outer starts", "inner starts", "outer created inner", "main created outer", "inner ends");
    }

    @Test
    void otherReadyWorkWaitsUntilTheCreatorContinues() throws Exception {
        List<String> order = Asyncio.run(
                () -> {
                    List<String> log = new ArrayList<>();
                    Asyncio.loop().callSoon(() -> log.add("callback"));
                    Asyncio.createTask(() -> log.add("child"));
                    log.add("creator");
                    Asyncio.sleep(Duration.ZERO);
                    return log;
                },
                EAGER);
        assertThat(order).containsExactly("child", "creator", "callback");
    }

    @Test
    void tasksCreatedFromCallbacksStartOnALaterIteration() throws Exception {
        List<String> order = Asyncio.run(
                () -> {
                    List<String> log = new ArrayList<>();
                    Future<@Nullable Void> done = Asyncio.loop().createFuture();
                    Asyncio.loop().callSoon(() -> {
                        Asyncio.createTask(() -> {
                            log.add("child");
                            done.setResult(null);
                            return true;
                        });
                        log.add("callback");
                    });
                    done.await();
                    return log;
                },
                EAGER);
        assertThat(order).containsExactly("callback", "child");
    }

    @Test
    void withoutTheOptionTasksStartOnALaterIteration() throws Exception {
        List<String> order = Asyncio.run(() -> {
            List<String> log = new ArrayList<>();
            Task<Boolean> child = Asyncio.createTask(() -> log.add("child"));
            log.add("creator");
            child.await();
            return log;
        });
        assertThat(order).containsExactly("creator", "child");
    }
}
