package io.jasyncio.internal;

import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A loop's live tasks, held as the fibers that run them: a task is added when it is created and removed when its
 * body ends, before the task completes (as asyncio unregisters a task in its last step). Loop-confined: close
 * empties it before the leftovers end on reaper threads.
 */
final class LiveTasks {
    /** In creation order. */
    private final Set<LoopFiber> fibers = new LinkedHashSet<>();
    /** How many tasks the loop created, for the names of unnamed ones. */
    private long created;

    /** The name of the next unnamed task. */
    String nextName() {
        return "Task-" + (created + 1);
    }

    /** Counts a task being created (its name was taken). */
    void counted() {
        created++;
    }

    void add(LoopFiber f) {
        fibers.add(f);
    }

    void remove(LoopFiber f) {
        fibers.remove(f);
    }

    int size() {
        return fibers.size();
    }

    boolean isEmpty() {
        return fibers.isEmpty();
    }

    /** A snapshot of the tasks, in creation order. */
    Set<Task<?>> tasks() {
        Set<Task<?>> tasks = new LinkedHashSet<>();
        for (LoopFiber f : fibers) {
            tasks.add(f.ownTaskNonNull());
        }
        return Collections.unmodifiableSet(tasks);
    }

    /** Whether every live task waits on the loop (none runs, none is blocked in a foreign call). */
    boolean allSuspended() {
        for (LoopFiber f : fibers) {
            if (!f.suspended) {
                return false;
            }
        }
        return true;
    }

    /** Close: asks every live task to stop. */
    void cancelAll(String message) {
        for (LoopFiber f : new ArrayList<>(fibers)) {
            f.ownTaskNonNull().cancel(message);
        }
    }

    /** Close: hands the leftovers over and forgets them (they end on reaper threads from now on). */
    List<LoopFiber> takeAll() {
        List<LoopFiber> all = new ArrayList<>(fibers);
        fibers.clear();
        return all;
    }

    /** Every live task with its state and the stack where it waits. */
    String dump(int loopId) {
        StringBuilder sb = new StringBuilder();
        sb.append(fibers.size()).append(" live task(s) on loop ").append(loopId).append('\n');
        for (LoopFiber f : fibers) {
            Task<?> t = f.ownTaskNonNull();
            sb.append("  ").append(t).append('\n');
            for (StackTraceElement e : t.stack()) {
                sb.append("      at ").append(e).append('\n');
            }
        }
        return sb.toString();
    }
}
