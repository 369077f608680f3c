package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.sync.Queue;
import io.jasyncio.sync.QueueShutDownException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A producer and a consumer share a {@link Queue} and end cleanly: the producer shuts the queue down after its
 * last item, and the consumer stops once it has taken everything (the seeds' {@code producer} /
 * {@code consumer} with {@code task_done} and {@code join}). Then two producers and three consumers share a
 * bounded queue: a full queue makes producers wait (backpressure) and {@code join()} waits for every item.
 *
 * <p>The seed ends its consumer with a {@code None} sentinel; a jasyncio queue refuses {@code null}, and
 * {@link Queue#shutdown(boolean)} (asyncio 3.13's {@code Queue.shutdown}) is the clean end: {@code get()}
 * throws {@link QueueShutDownException} once the queue is empty.
 */
public final class ProducersAndConsumers implements Example {

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
        return "queue";
    }

    @Override
    public String summary() {
        return "producer and consumer share a queue and end cleanly with shutdown(); join waits for all work";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: the seed's producer and consumer, then several of each on a bounded queue. */
    static void mainTask(PrintStream out) {
        oneOfEach(out);
        manyOfEach(out);
    }

    /** The seed's {@code gather(producer(queue), consumer(queue))}. */
    static void oneOfEach(PrintStream out) {
        Queue<Integer> queue = new Queue<>();
        Asyncio.gather(Asyncio.createTask(() -> producer(queue, out)), Asyncio.createTask(() -> consumer(queue, out)));
        queue.join(); // returns at once: every item was marked done
        out.println("   producer and consumer both ended; the queue is " + queue);
    }

    /** Two producers and three consumers on a queue of two: producers wait while it is full. */
    static void manyOfEach(PrintStream out) {
        Queue<String> jobs = new Queue<>(2);
        int[] processed = {0};
        List<Task<?>> consumers = new ArrayList<>();
        for (int c = 1; c <= 3; c++) {
            consumers.add(Asyncio.createTask("consumer-" + c, () -> {
                while (true) {
                    String job;
                    try {
                        job = jobs.get();
                    } catch (QueueShutDownException e) {
                        return; // no more jobs
                    }
                    Asyncio.sleep(Duration.ofMillis(5));
                    processed[0]++;
                    jobs.taskDone();
                }
            }));
        }
        List<Task<?>> producers = new ArrayList<>();
        for (String p : List.of("a", "b")) {
            producers.add(Asyncio.createTask(() -> {
                for (int i = 1; i <= 6; i++) {
                    jobs.put(p + i); // waits while the queue holds 2 jobs
                }
            }));
        }
        Asyncio.gather(producers);
        jobs.join();
        out.println("   2 producers, 3 consumers, a queue of 2: all " + processed[0] + " jobs processed");
        jobs.shutdown(false);
        Asyncio.gather(consumers);
        out.println("   after shutdown() every consumer returned");
    }

    private static void producer(Queue<Integer> queue, PrintStream out) {
        for (int i = 0; i < 5; i++) {
            Asyncio.sleep(Duration.ofMillis(10));
            queue.put(i);
            out.println("   Produced " + i);
        }
        queue.shutdown(false); // the clean end: the consumer drains what is left, then stops
    }

    private static void consumer(Queue<Integer> queue, PrintStream out) {
        while (true) {
            int item;
            try {
                item = queue.get();
            } catch (QueueShutDownException e) {
                out.println("   Consumer: the queue is shut down and empty, stopping");
                return;
            }
            out.println("   Consumed " + item);
            queue.taskDone();
        }
    }
}
