package io.jasyncio.usage;

import io.jasyncio.Asyncio;
import java.time.Duration;

/**
 * A program that runs until Ctrl-C, for {@link CtrlCTest}: it prints {@code ready} once its main task runs (and
 * SIGINT is therefore handled), then waits for a day.
 */
public final class CtrlCMain {
    private CtrlCMain() {}

    /**
     * Runs the program.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Asyncio.runMain(() -> {
            System.out.println("ready");
            System.out.flush();
            Asyncio.sleep(Duration.ofDays(1));
        });
    }
}
