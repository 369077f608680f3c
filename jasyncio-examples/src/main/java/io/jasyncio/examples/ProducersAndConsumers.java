package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.sync.Queue;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two producers and three consumers share a bounded {@link Queue}: a full queue makes producers wait
 * (backpressure), {@code join()} waits until every item was processed (asyncio's producer/consumer pattern).
 */
public final class ProducersAndConsumers implements Example {

    /**
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new ProducersAndConsumers().run(System.out);
    }

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public String summary() {
        return "producers and consumers share a bounded queue; join waits for all work";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Asyncio.run(() -> {
            Queue<String> jobs = new Queue<>(2);
            int[] processed = {0};
            List<Task<Void>> consumers = new ArrayList<>();
            for (int c = 1; c <= 3; c++) {
                String name = "consumer-" + c;
                consumers.add(Asyncio.createTask(name, () -> {
                    while (true) {
                        String job = jobs.get();
                        Asyncio.sleep(Duration.ofMillis(5));
                        processed[0]++;
                        jobs.taskDone();
                        if (processed[0] % 4 == 0) {
                            out.println("   " + name + " finished " + job + " (" + processed[0] + " done)");
                        }
                    }
                }));
            }
            List<Task<Void>> producers = new ArrayList<>();
            for (String p : List.of("a", "b")) {
                producers.add(Asyncio.createTask(() -> {
                    for (int i = 1; i <= 6; i++) {
                        jobs.put(p + i); // waits while the queue holds 2 jobs
                    }
                    return null;
                }));
            }
            Asyncio.gather(producers);
            jobs.join();
            out.println("   all " + processed[0] + " jobs processed; stopping the consumers");
            consumers.forEach(Task::cancel);
            Asyncio.gatherSettled(consumers);
            return null;
        });
    }
}
