package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.LoopOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Debugging with logging and debug mode: the coroutine logs at DEBUG level, and a loop in debug mode logs a step
 * that holds the loop too long, with the task's name and stack (the seeds' {@code logging.basicConfig(DEBUG)}
 * and {@code asyncio.run(..., debug=True)}).
 *
 * <p>jasyncio logs through {@link System.Logger} (logger {@code io.jasyncio}), which the JDK backs with
 * {@code java.util.logging}. Python's {@code logging.basicConfig(level=DEBUG)} is, in that world, a handler and a
 * level on a logger; this example installs one for its run that prints to the example's output (a real program
 * configures logging once, e.g. with {@code -Djava.util.logging.config.file}). Debug mode is
 * {@code LoopOptions.withDebug(true)} or {@code -Djasyncio.debug=true}.
 */
public final class DebugMode implements Example {
    private static final System.Logger LOG = System.getLogger(DebugMode.class.getName());

    /**
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new DebugMode().run(System.out);
    }

    @Override
    public String name() {
        return "debug-mode";
    }

    @Override
    public String summary() {
        return "log at DEBUG level; debug mode reports a step that held the loop too long";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        // held in locals while configured: java.util.logging keeps loggers only weakly
        Logger mine = Logger.getLogger(DebugMode.class.getName());
        List<Logger> loggers = List.of(mine, Logger.getLogger("io.jasyncio"));
        Level myLevel = mine.getLevel();
        Handler handler = new PrintingHandler(out);
        mine.setLevel(Level.FINE); // System.Logger's DEBUG is java.util.logging's FINE
        for (Logger logger : loggers) {
            logger.addHandler(handler);
            logger.setUseParentHandlers(false);
        }
        try {
            LoopOptions debug = LoopOptions.defaults().withDebug(true).withSlowCallbackDuration(Duration.ofMillis(50));
            Asyncio.run(
                    () -> {
                        sayHello();
                        Asyncio.createTask("busy", () -> {
                                    holdTheLoop(Duration.ofMillis(120)); // a pitfall: CPU work without an await
                                    // the report shows the stack where the task waits next
                                    Asyncio.sleep(Duration.ZERO);
                                })
                                .await();
                    },
                    debug);
        } finally {
            for (Logger logger : loggers) {
                logger.removeHandler(handler);
                logger.setUseParentHandlers(true);
            }
            mine.setLevel(myLevel);
        }
    }

    private static void sayHello() {
        LOG.log(System.Logger.Level.DEBUG, "Hello!");
        Asyncio.sleep(Duration.ofMillis(20));
        LOG.log(System.Logger.Level.DEBUG, "World!");
    }

    /** Keeps the loop's thread busy without suspending: no other task or callback can run meanwhile. */
    private static void holdTheLoop(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /**
     * Prints each record as {@code LEVEL logger: message}; of a stack in the message it prints only the frames of
     * this example and counts the others (jasyncio's and the JDK's).
     */
    private static final class PrintingHandler extends Handler {
        private final PrintStream out;

        PrintingHandler(PrintStream out) {
            this.out = out;
        }

        @Override
        public void publish(LogRecord record) {
            List<String> lines = String.valueOf(record.getMessage()).lines().toList();
            out.println("   " + record.getLevel() + " " + record.getLoggerName() + ": " + lines.get(0));
            int hidden = 0;
            for (String line : lines.subList(1, lines.size())) {
                if (line.contains("io.jasyncio.examples.")) {
                    out.println("   " + line);
                } else {
                    hidden++;
                }
            }
            if (hidden > 0) {
                out.println("       (and " + hidden + " frames of jasyncio and the JDK)");
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
