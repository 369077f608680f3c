package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The callback layer under tasks: a timer callback completes a {@link Future} that a task awaits, and a done
 * callback reports it (asyncio's {@code call_later}, {@code Future}, {@code add_done_callback}).
 */
public final class CallbacksAndFutures implements Example {

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "futures";
    }

    @Override
    public String summary() {
        return "a timer callback completes a future that a task awaits";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: a timer callback completes the future it awaits. */
    static void mainTask(PrintStream out) {
        EventLoop loop = Asyncio.loop();
        Future<String> reply = loop.createFuture();
        reply.addDoneCallback(f -> out.println("   done callback sees: " + f.resultNow()));
        loop.callLater(Duration.ofMillis(50), () -> reply.setResult("pong"));
        loop.callSoon(() -> out.println("   callSoon runs first, on the next loop iteration"));
        out.println("   task awaits the future...");
        String answer = reply.await();
        out.println("   the task got: " + answer);
    }
}
