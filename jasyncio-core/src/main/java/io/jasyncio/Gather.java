package io.jasyncio;

import io.jasyncio.spi.LoopCore;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The implementation of {@link Asyncio#gather} and {@link Asyncio#gatherSettled} and {@link Asyncio#shield}. */
final class Gather {
    private final List<? extends Awaitable<?>> children;
    private final boolean settled;
    private final @Nullable Object[] results;
    private final Future<List<?>> outer;
    private final Future<@Nullable Void> allDone;
    private int remaining;

    private Gather(LoopCore loop, List<? extends Awaitable<?>> children, boolean settled) {
        this.children = children;
        this.settled = settled;
        this.results = new Object[children.size()];
        this.outer = new Future<>(loop);
        this.allDone = new Future<>(loop);
        this.remaining = children.size();
    }

    /** Waits for every child; returns results (or outcomes) in argument order. */
    static List<?> run(List<? extends Awaitable<?>> children, boolean settled) {
        LoopCore loop = Seam.running();
        loop.requireTask();
        for (Awaitable<?> c : children) {
            Completion.checkSameLoop(c, loop);
        }
        if (children.isEmpty()) {
            return List.of();
        }
        Gather g = new Gather(loop, List.copyOf(children), settled);
        for (int i = 0; i < g.children.size(); i++) {
            int index = i;
            Completion.addListener(g.children.get(i), () -> g.childDone(index));
        }
        try {
            return g.outer.await();
        } catch (CancelledException e) {
            if (!g.outer.isCancelled()) {
                // Either a child was cancelled (reported as its failure), or the gathering task was cancelled
                // after the outcome was settled but before it resumed: the cancellation is thrown at this await
                // and, as in asyncio, reaches no child (the children keep their results).
                throw e;
            }
            // The gathering task was cancelled: cancel the children, then wait until they all ended.
            for (Awaitable<?> c : g.children) {
                if (!c.isDone()) {
                    c.cancel(e.getMessage());
                }
            }
            if (g.remaining > 0) {
                g.allDone.await();
            }
            throw e;
        }
    }

    private void childDone(int index) {
        Awaitable<?> child = children.get(index);
        remaining--;
        if (remaining == 0) {
            allDone.complete(null);
        }
        if (outer.isDone()) {
            Completion.markRetrieved(child);
            return;
        }
        if (settled) {
            results[index] = Outcome.of(child);
        } else {
            switch (child.state()) {
                case SUCCESS -> results[index] = child.resultNow();
                case FAILED -> {
                    Throwable e = child.exceptionNow();
                    outer.fail(e == null ? new IllegalStateException("failed without an exception") : e);
                    return;
                }
                case CANCELLED -> {
                    outer.fail(new CancelledException(Completion.cancelMessage(child)));
                    return;
                }
                case PENDING -> throw new IllegalStateException("not done: " + child);
            }
        }
        if (remaining == 0) {
            outer.complete(Collections.unmodifiableList(Arrays.asList(results)));
        }
    }

    /** asyncio's {@code shield}: an outer future that follows {@code inner} but whose cancellation stays outside. */
    static <T extends @Nullable Object> Awaitable<T> shield(Awaitable<T> inner) {
        LoopCore loop = Seam.running();
        if (inner.isDone()) {
            return inner;
        }
        Future<T> outer = new Future<>(loop);
        Object token = Completion.addListener(inner, () -> {
            if (outer.isDone()) {
                return;
            }
            Completion.copyOutcome(inner, outer);
        });
        outer.addWaiter((Runnable) () -> {
            if (outer.isCancelled()) {
                Completion.removeListener(inner, token);
            }
        });
        return outer;
    }
}
