package io.jasyncio;

/**
 * How a loop runs its tasks; both modes have the same semantics, only the cost differs.
 *
 * <ul>
 *   <li>{@link #FAST}: each task is a virtual thread whose scheduler is the loop itself, so a task step runs
 *       directly on the loop's carrier thread. Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 *   <li>{@link #COMPAT}: each task is an ordinary virtual thread, and the loop hands a single run permit to
 *       one task at a time. Chosen automatically when the flag is missing; switches cost several times more.
 * </ul>
 */
public enum SchedulingMode {
    /** The loop is the virtual threads' scheduler. */
    FAST,
    /** Default-scheduler virtual threads with a run permit handed between loop and task. */
    COMPAT
}
