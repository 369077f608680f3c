package io.jasyncio;

/**
 * How a loop runs its tasks; both modes have the same semantics, only the cost differs.
 *
 * <ul>
 *   <li>{@link #FAST}: each task is a virtual thread whose scheduler is the loop itself, so a task step runs
 *       directly on the loop's carrier thread. Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 *   <li>{@link #COMPAT}: each task is an ordinary virtual thread, and the loop, itself a virtual thread, hands a
 *       single run permit to one task at a time. Chosen automatically when the flag is missing; switches cost
 *       several times more.
 * </ul>
 *
 * <p>In both modes only the loop's own tasks and callbacks run on it: a virtual thread that a task starts itself
 * ({@code Thread.ofVirtual()}, {@code Executors.newVirtualThreadPerTaskExecutor()}) runs on the JDK's default
 * scheduler, beside the loop.
 *
 * <h2>Blocking calls in compatibility mode</h2>
 * A task or callback blocked in a foreign call ({@code Thread.sleep}, a blocking socket, a JDK lock) still holds
 * the run permit; the loop <em>detaches</em> it so the other tasks go on, as in fast mode. What is guaranteed:
 * <ul>
 *   <li>jasyncio's own code never runs without the permit: a thread blocked inside jasyncio (on a JDK lock while
 *       logging, say) is not detached, and a detached thread takes the permit back before jasyncio touches loop
 *       state again: at its next jasyncio call (every loop-confined method and every await), and when its task
 *       body, callback or exception handler returns;
 *   <li>the user code between the foreign call's return and that point may run beside the loop, like code on
 *       another thread: it must reach loop-confined objects only through jasyncio calls, and read-only accessors
 *       (such as {@link Awaitable#isDone()}) give it a snapshot;
 *   <li>everything else (ordering, atomicity between awaits, cancellation) is as in fast mode, where the JDK
 *       resumes the task through the loop and there is no such window.
 * </ul>
 */
public enum SchedulingMode {
    /** The loop is the virtual threads' scheduler. */
    FAST,
    /** Default-scheduler virtual threads with a run permit handed between loop and task. */
    COMPAT
}
