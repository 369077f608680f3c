package io.jasyncio;

import io.jasyncio.spi.LoopCore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A scope that owns tasks: leaving it waits for all of them, and the first failure cancels the others
 * (asyncio 3.11+'s {@code TaskGroup}, Trio's nursery).
 *
 * {@snippet :
 * try (var tg = TaskGroup.open()) {
 *     Task<String> a = tg.createTask(() -> fetch("a"));
 *     Task<String> b = tg.createTask(() -> fetch("b"));
 * } // waits for a and b; throws TaskGroupException if any failed
 * }
 *
 * <p>Rules, as in asyncio:
 * <ul>
 *   <li>Leaving the scope ({@link #close()}) suspends until every task of the group is done.
 *   <li>When a task fails (with anything but {@link CancelledException}), the group cancels its other tasks and
 *       the task that opened the group (the body), which therefore sees a {@link CancelledException} at its
 *       current await. When everything has ended the group withdraws that cancellation
 *       ({@link Task#uncancel()}) and throws one {@link TaskGroupException} listing every failure.
 *   <li>A cancellation of the body from outside (its owner, an enclosing timeout) cancels the group's tasks,
 *       waits for them and then propagates as a {@link CancelledException}, so timeouts around a group work.
 *       If tasks failed as well, their {@link TaskGroupException} is thrown instead and the outside
 *       cancellation is re-armed (asyncio 3.13): {@link Task#cancelling()} stays up and the task gets the
 *       {@code CancelledException} at its next await.
 *   <li>A {@link VirtualMachineError} in a task is rethrown as it is instead of being grouped.
 * </ul>
 *
 * <p><b>The two forms.</b> Java's try-with-resources cannot see an exception thrown by the block: when the block
 * itself throws, {@code close()} still waits for the tasks, but it cannot cancel them first, and its own
 * exception is attached to the block's as a suppressed exception. Use {@link #run(Body)} when the body awaits or
 * may throw: the body's exception cancels the tasks at once, as in asyncio, and then propagates as it is (with
 * the tasks' {@link TaskGroupException}, if any, attached as suppressed, like the block's in the other form).
 * In the try-with-resources form, {@code close()} cancels the tasks when the body's task has a cancellation
 * pending.
 *
 * <h2>Thread safety</h2>
 * Loop-confined; {@link #close()} must be called by the task that opened the group.
 */
public final class TaskGroup implements AutoCloseable {

    /**
     * The body of {@link #run(Body)}; like {@link CheckedRunnable}, its checked exceptions {@code X} reach the
     * caller as they are.
     *
     * @param <X> the checked exceptions the body may throw (inferred)
     */
    @FunctionalInterface
    public interface Body<X extends Exception> {
        /**
         * Runs the body.
         *
         * @param group the group to start tasks in
         * @throws X any failure, which cancels the group's tasks and then propagates
         */
        void run(TaskGroup group) throws X;
    }

    private final LoopCore loop;
    private final Task<?> parent;
    private final int parentCancellingAtEntry;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private @Nullable VirtualMachineError baseError;
    private boolean exiting;
    private boolean exited;
    private boolean aborting;
    private boolean parentCancelRequested;
    private @Nullable Future<@Nullable Void> onCompleted;

    private TaskGroup(LoopCore loop, Task<?> parent) {
        this.loop = loop;
        this.parent = parent;
        this.parentCancellingAtEntry = parent.cancelling();
    }

    /**
     * Opens a group owned by the current task; leave it with {@link #close()} (try-with-resources).
     *
     * @return the group
     * @throws IllegalStateException when not called from a task
     */
    public static TaskGroup open() {
        LoopCore loop = Seam.running();
        return new TaskGroup(loop, Seam.taskForAwait(loop));
    }

    /**
     * Runs {@code body} with a new group and leaves the group the way asyncio's {@code async with} does: an
     * exception from the body cancels the group's tasks, and the group waits for them before it propagates.
     *
     * <p>The body's own exception propagates as it is ({@code X} is inferred from the body, so
     * {@code catch (IOException e)} around the call works); if tasks of the group failed too, their
     * {@link TaskGroupException} is attached to it as a suppressed exception, exactly as in the
     * try-with-resources form. When only tasks failed, their {@link TaskGroupException} is thrown.
     *
     * <p><b>Cancellation:</b> cancelling the calling task cancels the group's tasks; once they have ended, the
     * {@link CancelledException} propagates. If tasks failed meanwhile, the {@link TaskGroupException} is thrown
     * instead and the cancellation stays pending: the calling task gets it at its next await (asyncio 3.13). A
     * cancellation requested by the group itself (a failed task, or {@link #cancel()}) does not propagate.
     *
     * @param <X> the checked exceptions of the body
     * @throws X what the body threw
     * @throws TaskGroupException listing the failures of the tasks, when the body itself did not fail
     * @throws CancelledException if the calling task was cancelled from outside
     */
    public static <X extends Exception> void run(Body<X> body) throws X {
        TaskGroup tg = open();
        Throwable failure = null;
        try {
            body.run(tg);
        } catch (Throwable e) {
            failure = e;
        }
        tg.exit(failure, false);
    }

    /**
     * Starts a task in the group.
     *
     * @param body the task's body
     * @throws IllegalStateException if the group has ended or is shutting down after a failure
     */
    public <T extends @Nullable Object> Task<T> createTask(AsyncCallable<T> body) {
        checkOpen();
        return track(Seam.api(loop).createTask(body));
    }

    /**
     * Starts a named task in the group.
     *
     * @param name the task's name
     * @param body the task's body
     * @throws IllegalStateException if the group has ended or is shutting down after a failure
     */
    public <T extends @Nullable Object> Task<T> createTask(String name, AsyncCallable<T> body) {
        checkOpen();
        return track(Seam.api(loop).createTask(name, body));
    }

    /**
     * Starts a task that returns nothing in the group.
     *
     * @param body the task's body
     * @throws IllegalStateException if the group has ended or is shutting down after a failure
     */
    public Task<@Nullable Void> createTask(AsyncRunnable body) {
        checkOpen();
        return track(Seam.api(loop).createTask(body));
    }

    /**
     * Starts a named task that returns nothing in the group.
     *
     * @param name the task's name
     * @param body the task's body
     * @throws IllegalStateException if the group has ended or is shutting down after a failure
     */
    public Task<@Nullable Void> createTask(String name, AsyncRunnable body) {
        checkOpen();
        return track(Seam.api(loop).createTask(name, body));
    }

    private void checkOpen() {
        loop.checkThread();
        if (exited || (exiting && tasks.isEmpty())) {
            throw new IllegalStateException("this TaskGroup is finished");
        }
        if (aborting) {
            throw new IllegalStateException("this TaskGroup is shutting down");
        }
    }

    private <T extends @Nullable Object> Task<T> track(Task<T> task) {
        tasks.add(task);
        Completion.addListener(task, () -> onTaskDone(task));
        return task;
    }

    /**
     * Cancels the group: its tasks and the body are cancelled, and the group then ends without an error of its
     * own (Trio's {@code nursery.cancel_scope.cancel()}). Does nothing once the group has ended.
     */
    public void cancel() {
        loop.checkThread();
        if (exited) {
            return;
        }
        abort();
        if (!parentCancelRequested && !parent.isDone()) {
            parentCancelRequested = true;
            parent.cancel();
        }
    }

    /**
     * Returns the group's tasks that are not done yet.
     *
     * @return a snapshot
     */
    public Set<Task<?>> tasks() {
        loop.checkThread();
        return Set.copyOf(tasks);
    }

    /**
     * Leaves the group: suspends until every task of the group is done, then reports their failures.
     *
     * <p><b>Cancellation:</b> cancelling the waiting task cancels the group's tasks; once they have ended the
     * {@link CancelledException} propagates (unless tasks failed: then the {@link TaskGroupException} is thrown
     * and the cancellation stays pending, delivered at the task's next await, as in asyncio 3.13).
     *
     * @throws TaskGroupException listing the failures of the group's tasks
     * @throws CancelledException if the calling task was cancelled from outside the group
     * @throws IllegalStateException if called by another task than the one that opened the group
     */
    @Override
    public void close() {
        exit(null, true);
    }

    private void onTaskDone(Task<?> task) {
        tasks.remove(task);
        Future<@Nullable Void> waiting = onCompleted;
        if (waiting != null && tasks.isEmpty()) {
            waiting.complete(null);
        }
        if (task.isCancelled()) {
            return;
        }
        Throwable e = task.exceptionNow();
        if (e == null) {
            return;
        }
        errors.add(e);
        if (e instanceof VirtualMachineError vme && baseError == null) {
            baseError = vme;
        }
        if (parent.isDone()) {
            Seam.api(loop)
                    .callExceptionHandler(new ExceptionContext(
                            "a TaskGroup task failed after the group's owner ended", e, task, null));
            return;
        }
        if (!aborting && !parentCancelRequested) {
            abort();
            parentCancelRequested = true;
            parent.cancel();
        }
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : List.copyOf(tasks)) {
            if (!t.isDone()) {
                t.cancel();
            }
        }
    }

    private void exit(@Nullable Throwable bodyError, boolean fromClose) {
        loop.checkThread();
        if (exited) {
            return;
        }
        if (Seam.taskForAwait(loop) != parent) {
            throw new IllegalStateException("a TaskGroup must be closed by the task that opened it");
        }
        exiting = true;
        if (bodyError instanceof VirtualMachineError vme && baseError == null) {
            baseError = vme;
        }
        CancelledException propagate = bodyError instanceof CancelledException ce ? ce : null;
        // In the try-with-resources form, a cancellation requested before close() most likely ended the block:
        // its CancelledException stays the primary exception, so the caller sees it whatever close() throws.
        boolean blockEndedByCancellation = fromClose && parent.cancelling() > parentCancellingAtEntry;
        if (fromClose && !aborting) {
            // close() cannot see the block's exception: infer it. A request on the count beyond the group's own
            // (which a failing child already acted on) means the block is being cancelled, so the children are too.
            int ours = parentCancelRequested ? 1 : 0;
            if (parent.cancelling() - ours > parentCancellingAtEntry) {
                abort(); // the body's task is being cancelled: the body most likely ended by that cancellation
            }
        }
        if (bodyError != null && !aborting) {
            abort(); // run()'s body failed: asyncio's __aexit__ cancels the children before waiting for them
        }
        while (!tasks.isEmpty()) {
            Future<@Nullable Void> waiting = new Future<>(loop);
            onCompleted = waiting;
            try {
                waiting.await();
            } catch (CancelledException e) {
                // The owner was cancelled while waiting: remember the exception to rethrow, cancel the children
                // once (a second cancellation while they wind down must not abort again), and keep waiting: the
                // group never returns before its children have ended.
                if (!aborting) {
                    propagate = e;
                    abort();
                }
            }
        }
        onCompleted = null;
        exited = true;
        // Why withdraw first, then compare: the group's own request (a failed child, cancel()) is on the count
        // too; only what remains above the count at open() came from outside, and only that may propagate.
        if (parentCancelRequested) {
            parentCancelRequested = false;
            parent.uncancel();
        }
        if (parent.cancelling() <= parentCancellingAtEntry) {
            propagate = null; // every cancellation request seen here was the group's own
        } else if (propagate == null && (fromClose || bodyError == null)) {
            propagate = new CancelledException(); // a request from outside is pending
        }
        // Then the outcomes, most severe first: a VirtualMachineError as it is; an outside cancellation when no
        // child failed; the body's own exception (children's failures suppressed on it); the children's failures.
        if (baseError != null) {
            throw baseError;
        }
        if (propagate != null && errors.isEmpty()) {
            throw propagate;
        }
        if (bodyError != null && !(bodyError instanceof CancelledException)) {
            // run()'s body failed: its exception propagates as itself, as the block's does in the
            // try-with-resources form, with the tasks' failures attached
            if (!errors.isEmpty()) {
                bodyError.addSuppressed(new TaskGroupException(errors));
            }
            throw Completion.<RuntimeException>rethrowOwn(bodyError); // run() declares the body's X
        }
        if (!errors.isEmpty()) {
            if (parent.cancelling() > parentCancellingAtEntry && !blockEndedByCancellation) {
                // asyncio 3.13: the owner is being cancelled from outside, but the errors take the place of its
                // CancelledException. Re-arm that cancellation (uncancel, then cancel: the count stays the same)
                // so the owner still gets it at its next await instead of carrying on as if never cancelled.
                parent.uncancel();
                parent.cancel(propagate == null ? null : propagate.getMessage());
            }
            throw new TaskGroupException(errors);
        }
    }
}
