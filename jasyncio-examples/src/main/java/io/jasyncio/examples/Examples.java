package io.jasyncio.examples;

import java.util.List;

/** The examples, in the order {@code ./jasyncio demo} runs them. */
public final class Examples {
    private Examples() {}

    /**
     * Returns every example.
     *
     * @return the examples
     */
    public static List<Example> all() {
        return List.of(
                new ConcurrentTasks(),
                new CallbacksAndFutures(),
                new CancellingTasks(),
                new BlockingWorkOffTheLoop(),
                new GatherAndTimeouts(),
                new StructuredConcurrency(),
                new LocksEventsSemaphores(),
                new ProducersAndConsumers(),
                new StreamEcho(),
                new ProtocolEcho());
    }
}
