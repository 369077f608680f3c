package io.jasyncio;

import java.util.List;

/**
 * The failures of a {@link TaskGroup}'s tasks, reported together when the group ends (asyncio's
 * {@code ExceptionGroup} from a task group). When the group's body failed too, the body's own exception
 * propagates instead and carries this one as a suppressed exception.
 *
 * {@snippet :
 * try (var tg = TaskGroup.open()) {
 *     tg.createTask(() -> fetch("a"));
 *     tg.createTask(() -> fetch("b"));
 * } catch (TaskGroupException e) {
 *     for (Throwable cause : e.exceptions()) {
 *         log.warn("a fetch failed", cause);
 *     }
 * }
 * }
 *
 * <p>Every cause is also attached as a suppressed exception, so a printed stack trace shows them all.
 *
 * <h2>Thread safety</h2>
 * Immutable once thrown.
 */
public final class TaskGroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The causes, in the order they happened. */
    @SuppressWarnings("serial") // an immutable list of throwables
    private final List<Throwable> exceptions;

    /**
     * Creates the exception.
     *
     * @param exceptions the failures, in order (at least one)
     * @throws IllegalArgumentException if the list is empty
     */
    public TaskGroupException(List<? extends Throwable> exceptions) {
        super("unhandled errors in a TaskGroup (" + exceptions.size() + " sub-exception"
                + (exceptions.size() == 1 ? "" : "s") + ")");
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("a TaskGroupException needs at least one cause");
        }
        this.exceptions = List.copyOf(exceptions);
        for (Throwable e : this.exceptions) {
            addSuppressed(e);
        }
    }

    /**
     * Returns every failure, in the order they happened.
     *
     * @return the failures (unmodifiable)
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
