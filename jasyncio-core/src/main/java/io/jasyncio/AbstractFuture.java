package io.jasyncio;

import io.jasyncio.spi.LoopCore;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The completion machinery shared by {@link Future} and {@link Task}: state, result, waiters and done
 * callbacks.
 *
 * <p>Invariants: the state moves once from {@code PENDING} to a final state; at that moment every waiting task
 * is resumed (inline: resuming only queues the task) and every done callback is scheduled with
 * {@code callSoon}, in registration order. All of it is loop-confined.
 *
 * @param <T> the result type
 */
abstract sealed class AbstractFuture<T extends @Nullable Object> implements Awaitable<T> permits Future, Task {
    private static final Cleaner CLEANER = Cleaner.create();

    /** The loop it belongs to, through the seam ({@link #loop()} gives the public view). */
    final LoopCore core;

    private FutureState state = FutureState.PENDING;
    private @Nullable T result;
    private @Nullable Throwable exception;
    private @Nullable String cancelMessage;
    /** The first waiter (a waiting {@link Task} or a user callback), kept apart to avoid a list. */
    private @Nullable Object firstWaiter;
    /** Further waiters, in registration order. */
    private @Nullable ArrayList<Object> moreWaiters;
    /** Reports an exception nobody retrieved: when this future is collected, when its loop closes, or (debug) now. */
    private @Nullable UnretrievedException unretrieved;

    AbstractFuture(LoopCore core) {
        this.core = core;
    }

    @Override
    public final T await() {
        if (state == FutureState.PENDING) {
            Task<?> current = Seam.taskForAwait(core);
            if (current == this) {
                throw new IllegalStateException("a task cannot await itself");
            }
            current.awaitDone(this);
        }
        return report();
    }

    /** Returns the outcome the way {@link Awaitable#await()} documents it. */
    @SuppressWarnings("NullAway") // result holds a T whenever the state is SUCCESS
    final T report() {
        return switch (state) {
            case SUCCESS -> result;
            case CANCELLED -> throw new CancelledException(cancelMessage);
            case FAILED -> throw rethrowable();
            case PENDING -> throw new InvalidStateException("result is not ready: " + this);
        };
    }

    /** The failure as {@code await()} throws it: unchecked as is, checked wrapped. */
    @SuppressWarnings("NullAway") // exception holds the failure whenever the state is FAILED
    private RuntimeException rethrowable() {
        markRetrieved();
        return Completion.rethrow(exception);
    }

    @Override
    public final boolean isDone() {
        return state != FutureState.PENDING;
    }

    @Override
    public final boolean isCancelled() {
        return state == FutureState.CANCELLED;
    }

    @Override
    public final FutureState state() {
        return state;
    }

    @Override
    public final EventLoop loop() {
        return Seam.api(core);
    }

    @Override
    public final T resultNow() {
        if (state == FutureState.FAILED) {
            markRetrieved();
            throw new IllegalStateException("the future failed", exception);
        }
        return report();
    }

    @Override
    public final @Nullable Throwable exceptionNow() {
        return switch (state) {
            case SUCCESS -> null;
            case FAILED -> {
                markRetrieved();
                yield exception;
            }
            case CANCELLED -> throw new CancelledException(cancelMessage);
            case PENDING -> throw new InvalidStateException("exception is not set: " + this);
        };
    }

    /**
     * Returns the message given when this was cancelled.
     *
     * @return the message, or {@code null}
     */
    final @Nullable String cancelMessage() {
        return cancelMessage;
    }

    @Override
    public final void addDoneCallback(Consumer<? super Awaitable<T>> callback) {
        core.checkThread();
        // like asyncio, the callback runs with the context-variable values of the code that added it
        Object context = core.currentContext();
        if (state != FutureState.PENDING) {
            scheduleCallback(callback, context);
        } else {
            addWaiter(new DoneCallback<T>(callback, context));
        }
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // callbacks are matched by identity, as asyncio does
    public final int removeDoneCallback(Consumer<? super Awaitable<T>> callback) {
        core.checkThread();
        int removed = 0;
        if (firstWaiter instanceof DoneCallback<?> d && d.callback() == callback) {
            firstWaiter = null;
            removed++;
        }
        if (moreWaiters != null) {
            int before = moreWaiters.size();
            moreWaiters.removeIf(w -> w instanceof DoneCallback<?> d && d.callback() == callback);
            removed += before - moreWaiters.size();
        }
        return removed;
    }

    @Override
    public final CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new CompletableFuture<>();
        addDoneCallback(f -> {
            switch (state) {
                case SUCCESS -> cf.complete(result);
                case CANCELLED -> cf.completeExceptionally(new CancelledException(cancelMessage));
                default -> {
                    markRetrieved();
                    cf.completeExceptionally(exception);
                }
            }
        });
        return cf;
    }

    /** Registers a task to resume when this is done (inline, before the callbacks scheduled after it). */
    final void addWaiter(Object waiter) {
        if (firstWaiter == null && moreWaiters == null) {
            firstWaiter = waiter;
            return;
        }
        if (moreWaiters == null) {
            moreWaiters = new ArrayList<>(4);
        }
        moreWaiters.add(waiter);
    }

    @SuppressWarnings("ReferenceEquality") // waiters are matched by identity
    final void removeWaiter(Object waiter) {
        if (firstWaiter == waiter) {
            firstWaiter = null;
        } else if (moreWaiters != null) {
            moreWaiters.remove(waiter);
        }
    }

    /** Completes with a result; returns false if already done. */
    final boolean complete(@Nullable T value) {
        if (state != FutureState.PENDING) {
            return false;
        }
        result = value;
        state = FutureState.SUCCESS;
        fire();
        return true;
    }

    /** Completes with an exception; returns false if already done. */
    final boolean fail(Throwable e) {
        if (state != FutureState.PENDING) {
            return false;
        }
        exception = e;
        state = FutureState.FAILED;
        if (!(e instanceof CancelledException)) {
            UnretrievedException u = UnretrievedException.watch(this, e, core);
            unretrieved = u;
            if (firstWaiter == null && core.isDebug() && this instanceof Task<?>) {
                // debug mode: a task that fails while nothing awaits it and no callback listens is reported now,
                // not only when it is collected or its loop closes (a later await still gets the exception)
                u.report(" (nothing was awaiting it when it failed)");
            }
        }
        fire();
        return true;
    }

    /** Completes by cancellation; returns false if already done. */
    final boolean cancelNow(@Nullable String message) {
        if (state != FutureState.PENDING) {
            return false;
        }
        cancelMessage = message;
        state = FutureState.CANCELLED;
        fire();
        return true;
    }

    private void markRetrieved() {
        UnretrievedException u = unretrieved;
        if (u != null) {
            u.retrieved();
            unretrieved = null;
        }
    }

    private void fire() {
        Object w = firstWaiter;
        firstWaiter = null;
        if (w != null) {
            dispatch(w);
        }
        ArrayList<Object> more = moreWaiters;
        moreWaiters = null;
        if (more != null) {
            for (Object o : more) {
                dispatch(o);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatch(Object waiter) {
        if (waiter instanceof Task<?> t) {
            t.wakeUp(this);
        } else if (waiter instanceof Runnable r) {
            r.run();
        } else if (waiter instanceof DoneCallback<?> d && !core.isClosed()) {
            // (after close, a task ending on the reaper has no loop left to run callbacks)
            scheduleCallback((Consumer<? super Awaitable<T>>) d.callback(), d.context());
        }
    }

    private void scheduleCallback(Consumer<? super Awaitable<T>> callback, @Nullable Object context) {
        core.callSoonWithContext(() -> callback.accept(this), context);
    }

    /** A done callback and the context-variable values of the code that added it. */
    private record DoneCallback<T extends @Nullable Object>(
            Consumer<? super Awaitable<T>> callback,
            @Nullable Object context) {}

    /** Describes the state for {@code toString}. */
    final String describeState() {
        return switch (state) {
            case PENDING -> "pending";
            case SUCCESS -> "result=" + result;
            case FAILED -> "exception=" + exception;
            case CANCELLED -> cancelMessage == null ? "cancelled" : "cancelled: " + cancelMessage;
        };
    }

    /**
     * Reports an exception nobody asked for (asyncio's "exception was never retrieved"), once: when the failed
     * future is collected, when its loop closes, or (debug mode) when a task fails with nothing awaiting it.
     * Holds no reference to the future itself, so the loop can keep it until then.
     */
    private static final class UnretrievedException implements Runnable, Consumer<String> {
        private final Throwable exception;
        private final String owner;
        private final @Nullable String createdAt;
        private final LoopCore loop;
        /** Set once by whichever comes first: retrieval (loop thread) or a report (loop or cleaner thread). */
        private final AtomicBoolean settled = new AtomicBoolean();

        private Cleaner.@Nullable Cleanable cleanable;

        private UnretrievedException(Throwable exception, String owner, @Nullable String createdAt, LoopCore loop) {
            this.exception = exception;
            this.owner = owner;
            this.createdAt = createdAt;
            this.loop = loop;
        }

        static UnretrievedException watch(AbstractFuture<?> f, Throwable e, LoopCore loop) {
            UnretrievedException u = new UnretrievedException(e, f.ownerName(), f.creationSite(), loop);
            u.cleanable = CLEANER.register(f, u);
            loop.trackUnretrieved(u);
            return u;
        }

        void retrieved() {
            if (settled.compareAndSet(false, true)) {
                loop.untrackUnretrieved(this);
                Cleaner.Cleanable c = cleanable;
                if (c != null) {
                    c.clean();
                }
            }
        }

        /** Reports the exception unless it was retrieved or reported already; {@code when} ends the message. */
        @Override
        public void accept(String when) {
            report(when);
        }

        void report(String when) {
            if (settled.compareAndSet(false, true)) {
                loop.untrackUnretrieved(this);
                String site = createdAt == null ? "" : "\n" + createdAt;
                loop.reportUnretrieved(owner + " exception was never retrieved" + when + site, exception);
            }
        }

        /** The cleaner's action: the future was collected. */
        @Override
        public void run() {
            report("");
        }
    }

    /** A short name for messages: the task name, or the future's class. */
    abstract String ownerName();

    /** Where this was created, as stack lines ({@code "created at ..."}), when the loop records it (debug mode). */
    @Nullable
    String creationSite() {
        return null;
    }
}
