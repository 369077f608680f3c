package io.jasyncio;

import io.jasyncio.spi.Cancellable;
import io.jasyncio.spi.LoopCore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** The implementation of {@link Asyncio#wait} and {@link Asyncio#asCompleted}. */
final class Waiting {
    private Waiting() {}

    static <A extends Awaitable<?>> Done<A> wait(
            Collection<? extends A> awaitables, ReturnWhen when, @Nullable Duration timeout) {
        LoopCore loop = Seam.running();
        loop.requireTask();
        if (awaitables.isEmpty()) {
            throw new IllegalArgumentException("the collection of awaitables is empty");
        }
        Set<A> all = new LinkedHashSet<>(awaitables);
        for (A a : all) {
            Completion.checkSameLoop(a, loop);
        }
        Future<@Nullable Void> wake = new Future<>(loop);
        int[] pending = {0};
        for (A a : all) {
            if (!a.isDone()) {
                pending[0]++;
            }
        }
        boolean ready = pending[0] == 0
                || (when == ReturnWhen.FIRST_COMPLETED && pending[0] < all.size())
                || (when == ReturnWhen.FIRST_EXCEPTION && all.stream().anyMatch(Waiting::failed));
        List<A> watched = new ArrayList<>();
        List<Object> tokens = new ArrayList<>();
        Cancellable timer = null;
        try {
            if (!ready) {
                for (A a : all) {
                    if (a.isDone()) {
                        continue;
                    }
                    watched.add(a);
                    tokens.add(Completion.addListener(a, () -> {
                        pending[0]--;
                        if (pending[0] == 0
                                || when == ReturnWhen.FIRST_COMPLETED
                                || (when == ReturnWhen.FIRST_EXCEPTION && failed(a))) {
                            wake.complete(null);
                        }
                    }));
                }
                if (timeout != null) {
                    timer = loop.callAtInternal(loop.deadlineAfter(timeout), () -> wake.complete(null));
                }
                wake.await();
            }
        } finally {
            if (timer != null) {
                timer.cancel();
            }
            for (int i = 0; i < watched.size(); i++) {
                Completion.removeListener(watched.get(i), tokens.get(i));
            }
        }
        Set<A> done = new LinkedHashSet<>();
        Set<A> notDone = new LinkedHashSet<>();
        for (A a : all) {
            (a.isDone() ? done : notDone).add(a);
        }
        return new Done<>(done, notDone);
    }

    private static boolean failed(Awaitable<?> a) {
        return a.state() == FutureState.FAILED;
    }

    /** The iterable {@link Asyncio#asCompleted} returns. */
    static final class AsCompleted<A extends Awaitable<?>> implements Iterable<A> {
        private final LoopCore loop;
        private final List<A> all;
        private final @Nullable Duration timeout;
        private boolean started;

        AsCompleted(Collection<? extends A> awaitables, @Nullable Duration timeout) {
            this.loop = Seam.running();
            this.all = List.copyOf(new LinkedHashSet<>(awaitables));
            this.timeout = timeout;
            for (A a : all) {
                Completion.checkSameLoop(a, loop);
            }
        }

        @Override
        public Iterator<A> iterator() {
            loop.checkThread();
            if (started) {
                throw new IllegalStateException("asCompleted can be iterated once");
            }
            started = true;
            return new It();
        }

        private final class It implements Iterator<A> {
            private final ArrayDeque<A> completed = new ArrayDeque<>();
            private int remaining = all.size();
            private @Nullable Future<@Nullable Void> wake;
            private @Nullable Cancellable timer;
            private boolean timedOut;

            It() {
                for (A a : all) {
                    Completion.addListener(a, () -> {
                        completed.add(a);
                        Future<@Nullable Void> w = wake;
                        if (w != null) {
                            w.complete(null);
                        }
                    });
                }
                if (timeout != null && completed.size() < all.size()) {
                    timer = loop.callAtInternal(loop.deadlineAfter(timeout), () -> {
                        timedOut = true;
                        Future<@Nullable Void> w = wake;
                        if (w != null) {
                            w.complete(null);
                        }
                    });
                }
            }

            @Override
            public boolean hasNext() {
                return remaining > 0;
            }

            @Override
            public A next() {
                if (remaining == 0) {
                    throw new NoSuchElementException();
                }
                while (completed.isEmpty()) {
                    if (timedOut) {
                        remaining = 0;
                        throw new CompletionException(new TimeoutException("asCompleted timed out"));
                    }
                    Future<@Nullable Void> w = new Future<>(loop);
                    wake = w;
                    try {
                        w.await();
                    } finally {
                        wake = null;
                    }
                }
                remaining--;
                if (remaining == 0 && timer != null) {
                    timer.cancel();
                }
                return completed.removeFirst();
            }
        }
    }
}
