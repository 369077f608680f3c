package io.jasyncio.examples;

import java.util.List;

/**
 * The examples, in the order {@code ./jasyncio demo} runs them: from a first task through the callback layer,
 * cancellation and synchronisation to streams, protocols and sockets, then files, subprocesses and HTTP. {@code README.md} in this module maps
 * each scenario of the seed tutorials to its example.
 */
public final class Examples {
    private Examples() {}

    /**
     * Returns every example.
     *
     * @return the examples
     */
    public static List<Example> all() {
        return List.of(
                new HelloWorld(),
                new ChainedCoroutines(),
                new ConcurrentTasks(),
                new GatherAndTimeouts(),
                new FuturesAndResults(),
                new CallbacksAndFutures(),
                new TaskErrors(),
                new CancellingTasks(),
                new StructuredConcurrency(),
                new BlockingWorkOffTheLoop(),
                new RunForever(),
                new LocksEventsSemaphores(),
                new ProducersAndConsumers(),
                new DebugMode(),
                new StreamEcho(),
                new StreamEchoOnALoop(),
                new EchoProtocols(),
                new ProtocolEcho(),
                new SocketEcho(),
                new ReadWithTimeout(),
                new ReadUntil(),
                new ConnectionErrors(),
                new RobustRequest(),
                new SendLargeData(),
                new ReadAWholeFile(),
                new FileLineByLine(),
                new ChunkedFileReading(),
                new SensorPolling(),
                new SubprocessCapture(),
                new SubprocessLines(),
                new RestService());
    }
}
