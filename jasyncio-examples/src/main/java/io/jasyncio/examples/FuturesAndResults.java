package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A future that a coroutine completes, awaited by a task and then by a loop run by hand, and the same result
 * from a task instead (the seeds' {@code set_future_value}, {@code take_your_time} with
 * {@code ensure_future}, {@code future.result()} and {@code task.result()}).
 *
 * <p>{@code asyncio.Future()} is {@link EventLoop#createFuture()} (a future belongs to one loop),
 * {@code ensure_future(coro)} is {@code createTask}, and {@code result()} on a done future is
 * {@code resultNow()}.
 */
public final class FuturesAndResults implements Example {
    private static final Duration PAUSE = Duration.ofMillis(50);

    /**
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new FuturesAndResults().run(System.out);
    }

    @Override
    public String name() {
        return "future-result";
    }

    @Override
    public String summary() {
        return "a task sets a future's result; runUntilComplete and resultNow read it";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        String awaited = Asyncio.run(() -> {
            Future<String> future = Asyncio.loop().createFuture();
            Asyncio.createTask(() -> setFutureValue(future)).await();
            return future.await();
        });
        out.println("   awaited in a task: " + awaited);

        try (EventLoop loop = EventLoop.open()) {
            Future<Integer> future = loop.createFuture();
            loop.createTask(() -> takeYourTime(future)); // asyncio.ensure_future(take_your_time(future))
            loop.runUntilComplete(future);
            out.println("   loop.runUntilComplete(future), then future.resultNow(): " + future.resultNow());

            Task<Integer> task = loop.createTask(FuturesAndResults::answerSlowly);
            loop.runUntilComplete(task);
            out.println("   the same as a task's own result, task.resultNow(): " + task.resultNow());
        }
    }

    private static void setFutureValue(Future<String> future) {
        Asyncio.sleep(PAUSE);
        future.setResult("Hello, Future!");
    }

    private static void takeYourTime(Future<Integer> future) {
        Asyncio.sleep(PAUSE);
        future.setResult(42);
    }

    private static int answerSlowly() {
        Asyncio.sleep(PAUSE);
        return 42;
    }
}
