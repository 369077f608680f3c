package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.sync.Event;
import io.jasyncio.sync.Guard;
import io.jasyncio.sync.Lock;
import io.jasyncio.sync.Semaphore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The synchronisation primitives: first the seeds' {@code critical_section}, two tasks gathered that take turns
 * under one {@link Lock}; then an {@link Event} starts every worker at once, a {@link Semaphore} lets only two
 * of them "download" at a time, and a {@link Lock} keeps a read-modify-write that spans an await atomic.
 *
 * <p>{@code async with lock:} is {@code try (Guard _ = lock.acquire())}. The seed creates its lock at module
 * level; here it is created inside the main task, because a primitive binds to the first loop that uses it and
 * each {@code Asyncio.run} has a loop of its own.
 */
public final class LocksEventsSemaphores implements Example {

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
        return "sync";
    }

    @Override
    public String summary() {
        return "a Lock makes two tasks take turns; an Event starts workers, a Semaphore limits them";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: the seed's critical sections, then the workers. */
    static void mainTask(PrintStream out) {
        takeTurns(out);
        workers(out);
    }

    /** The seed's {@code gather(critical_section(), critical_section())} on one lock. */
    static void takeTurns(PrintStream out) {
        Lock lock = new Lock();
        Asyncio.gather(
                Asyncio.createTask(() -> criticalSection(lock, out)),
                Asyncio.createTask(() -> criticalSection(lock, out)));
    }

    /** Five workers wait for one event, download two at a time and update a shared balance under a lock. */
    static void workers(PrintStream out) {
        Event start = new Event();
        Semaphore downloads = new Semaphore(2);
        Lock balanceLock = new Lock();
        int[] balance = {0};
        int[] active = {0};
        int[] maxActive = {0};
        List<Task<?>> workers = new ArrayList<>();
        for (int w = 1; w <= 5; w++) {
            workers.add(Asyncio.createTask("worker-" + w, () -> {
                start.await();
                try (Guard _ = downloads.acquire()) {
                    active[0]++;
                    maxActive[0] = Math.max(maxActive[0], active[0]);
                    Asyncio.sleep(Duration.ofMillis(10));
                    active[0]--;
                }
                try (Guard _ = balanceLock.acquire()) {
                    int read = balance[0];
                    Asyncio.sleep(Duration.ofMillis(1)); // other workers run here
                    balance[0] = read + 100;
                }
            }));
        }
        out.println("   5 workers wait for the start event");
        start.set();
        Asyncio.gather(workers);
        out.println("   at most " + maxActive[0] + " downloads ran at once (the semaphore allows 2)");
        out.println("   balance " + balance[0] + " (5 x 100: no update was lost across the awaits)");
    }

    private static void criticalSection(Lock lock, PrintStream out) {
        try (Guard _ = lock.acquire()) {
            out.println("   Entering critical section");
            Asyncio.sleep(Duration.ofMillis(20));
            out.println("   Exiting critical section");
        }
    }
}
