package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A task that fails and that nobody awaits is reported at the latest when its loop closes, and in debug mode as
 * soon as it fails; a failure that is retrieved is never reported.
 */
class UnobservedFailuresTest {

    @Test
    void aFailedTaskStillReferencedButNeverAwaitedIsReportedWhenTheLoopCloses() throws Exception {
        List<ExceptionContext> reports = new ArrayList<>();
        List<Task<?>> keep = new ArrayList<>(); // strongly held: the garbage collector can never report it
        try (EventLoop loop = EventLoop.open(LoopOptions.defaults())) {
            loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
            loop.runUntilComplete(loop.createTask(() -> {
                keep.add(Asyncio.createTask("forgotten", () -> {
                    throw new IOException("nobody listens");
                }));
                Asyncio.sleep(Duration.ofMillis(1));
            }));
            assertThat(reports).as("not before close").isEmpty();
        }
        assertThat(keep.getFirst().isDone()).isTrue();
        assertThat(reports).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).contains("Task 'forgotten'").contains("never retrieved");
            assertThat(ctx.exception()).isInstanceOf(IOException.class).hasMessage("nobody listens");
        });
    }

    @Test
    void asyncioRunReportsAnUnobservedTaskBeforeItReturns() throws Exception {
        List<ExceptionContext> reports = new ArrayList<>();
        String result = Asyncio.run(() -> {
            Asyncio.loop().setExceptionHandler((l, ctx) -> reports.add(ctx));
            Asyncio.createTask("background", () -> {
                throw new IllegalStateException("lost");
            });
            Asyncio.sleep(Duration.ofMillis(1));
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(reports)
                .singleElement()
                .satisfies(ctx -> assertThat(ctx.exception())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("lost"));
    }

    @Test
    void retrievedFailuresAndTheMainTasksOwnFailureAreNotReported() {
        List<ExceptionContext> reports = new ArrayList<>();
        try {
            Asyncio.run(() -> {
                Asyncio.loop().setExceptionHandler((l, ctx) -> reports.add(ctx));
                Task<Void> awaited = Asyncio.createTask(() -> {
                    throw new IllegalStateException("awaited");
                });
                try {
                    awaited.await();
                } catch (IllegalStateException expected) {
                    // retrieved
                }
                Task<Void> inspected = Asyncio.createTask(() -> {
                    throw new IllegalStateException("inspected");
                });
                Asyncio.sleep(Duration.ofMillis(1));
                assertThat(inspected.exceptionNow()).hasMessage("inspected");
                throw new IOException("main fails");
            });
        } catch (IOException e) {
            assertThat(e).hasMessage("main fails");
        }
        assertThat(reports).isEmpty();
    }

    @Test
    void debugModeReportsATaskThatFailsWithNothingAwaitingItAtOnceWithWhereItWasCreated() throws Exception {
        List<ExceptionContext> reports = new ArrayList<>();
        int[] reportsWhileRunning = new int[1];
        Asyncio.run(
                () -> {
                    Asyncio.loop().setExceptionHandler((l, ctx) -> reports.add(ctx));
                    Task<Void> t = startUnobserved();
                    Asyncio.sleep(Duration.ofMillis(1));
                    Asyncio.sleep(Duration.ofMillis(1)); // the report runs as a callback after the failure
                    reportsWhileRunning[0] = reports.size();
                    assertThat(t.isDone()).isTrue();
                },
                LoopOptions.defaults().withDebug(true));
        assertThat(reportsWhileRunning[0])
                .as("reported while the loop still ran")
                .isEqualTo(1);
        assertThat(reports).as("and only once").singleElement().satisfies(ctx -> {
            assertThat(ctx.message())
                    .contains("Task 'unobserved'")
                    .contains("nothing was awaiting it")
                    .contains("task created at:")
                    .contains("startUnobserved");
            assertThat(ctx.exception()).isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void withoutDebugModeTheSameTaskIsReportedOnlyAtClose() throws Exception {
        List<ExceptionContext> reports = new ArrayList<>();
        int[] reportsWhileRunning = new int[1];
        Asyncio.run(() -> {
            Asyncio.loop().setExceptionHandler((l, ctx) -> reports.add(ctx));
            Task<Void> t = startUnobserved();
            Asyncio.sleep(Duration.ofMillis(1));
            Asyncio.sleep(Duration.ofMillis(1));
            reportsWhileRunning[0] = reports.size();
            assertThat(t.isDone()).isTrue();
        });
        assertThat(reportsWhileRunning[0]).isZero();
        assertThat(reports)
                .singleElement()
                .satisfies(ctx -> assertThat(ctx.message())
                        .contains("as its event loop closed")
                        .doesNotContain("created at"));
    }

    private static Task<Void> startUnobserved() {
        return Asyncio.createTask("unobserved", () -> {
            throw new IllegalArgumentException("failed alone");
        });
    }
}
