package io.jasyncio.benchmarks;

import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.sync.Guard;
import io.jasyncio.sync.Lock;
import io.jasyncio.sync.Queue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Synchronisation primitives of {@code io.jasyncio.sync}:
 *
 * <ul>
 *   <li>{@link #lockAcquireRelease()}: an uncontended {@link Lock} taken and released with try-with-resources
 *       by one task (budget: 50 ns in fast mode);
 *   <li>{@link #lockTryAcquireRelease()}: the same with {@code tryAcquire()}/{@code release()}, no guard;
 *   <li>{@link #queueHandOff()}: one task puts items into a {@code Queue(1)} and another gets them, so every
 *       item passes from one task to the other (budget: 400 ns per item in fast mode).
 * </ul>
 *
 * {@snippet :
 * // java -jar jasyncio-benchmarks/target/benchmarks.jar SyncBenchmark
 * }
 *
 * <h2>Thread safety</h2>
 * JMH state, one instance per benchmark thread; the loop runs on that thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = LoopBenchmark.ADD_OPENS)
public class SyncBenchmark extends LoopBenchmark {
    /** Lock operations per invocation. */
    public static final int LOCK_OPS = 100_000;
    /** Items handed off per invocation. */
    public static final int ITEMS = 10_000;

    private long counter;

    /** Creates a benchmark; JMH calls it. */
    public SyncBenchmark() {}

    /**
     * Acquires and releases an uncontended lock {@link #LOCK_OPS} times through its guard.
     *
     * @return the counter incremented under the lock
     */
    @Benchmark
    @OperationsPerInvocation(LOCK_OPS)
    public long lockAcquireRelease() {
        EventLoop l = loop();
        return l.runUntilComplete(l.createTask(() -> {
            Lock lock = new Lock();
            for (int i = 0; i < LOCK_OPS; i++) {
                try (Guard _ = lock.acquire()) {
                    counter++;
                }
            }
            return counter;
        }));
    }

    /**
     * Takes and releases an uncontended lock {@link #LOCK_OPS} times with {@code tryAcquire}.
     *
     * @return the counter incremented under the lock
     */
    @Benchmark
    @OperationsPerInvocation(LOCK_OPS)
    public long lockTryAcquireRelease() {
        EventLoop l = loop();
        return l.runUntilComplete(l.createTask(() -> {
            Lock lock = new Lock();
            for (int i = 0; i < LOCK_OPS; i++) {
                if (!lock.tryAcquire()) {
                    throw new IllegalStateException("the lock is contended");
                }
                counter++;
                lock.release();
            }
            return counter;
        }));
    }

    /**
     * Hands {@link #ITEMS} items from a producer task to a consumer task through a one-slot queue.
     *
     * @return the sum of the items received
     */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long queueHandOff() {
        EventLoop l = loop();
        return l.runUntilComplete(l.createTask(() -> {
            Queue<Integer> queue = new Queue<>(1);
            Task<Long> consumer = l.createTask(() -> {
                long sum = 0;
                for (int i = 0; i < ITEMS; i++) {
                    sum += queue.get();
                }
                return sum;
            });
            for (int i = 0; i < ITEMS; i++) {
                queue.put(i & 127);
            }
            return consumer.await();
        }));
    }
}
