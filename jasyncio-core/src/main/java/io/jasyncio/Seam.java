package io.jasyncio;

import io.jasyncio.spi.Fiber;
import io.jasyncio.spi.LoopCore;
import io.jasyncio.spi.LoopFactory;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * The API's side of the loop seam ({@link LoopCore}): the running loop, a loop's two views (a loop of jasyncio is
 * both an {@link EventLoop} and a {@code LoopCore}), the task a fiber runs, and the built-in loop, found with
 * {@link ServiceLoader} so that this package names no implementation.
 */
final class Seam {
    private Seam() {}

    /** Returns the loop of the calling task or callback, or throws the usual "no running event loop" error. */
    static LoopCore running() {
        Fiber f = Fiber.current();
        if (f == null) {
            throw new IllegalStateException("no running event loop: call this from a task (see Asyncio.run)");
        }
        return f.loop();
    }

    static LoopCore core(EventLoop loop) {
        return LoopCore.of(loop);
    }

    static EventLoop api(LoopCore core) {
        return (EventLoop) core;
    }

    /** The task a fiber runs, or {@code null} for a loop's callback runner. */
    static @Nullable Task<?> task(Fiber fiber) {
        return (Task<?>) fiber.task();
    }

    /** Returns the task calling an await on {@code core}; throws unless the caller is a task of that loop. */
    static Task<?> taskForAwait(LoopCore core) {
        Task<?> t = task(core.fiberForAwait());
        if (t == null) {
            throw new IllegalStateException("callbacks cannot await; start a task with createTask");
        }
        return t;
    }

    /** Opens the built-in loop. */
    static EventLoop open(LoopOptions options) {
        return Builtin.FACTORY.open(options);
    }

    /** Loaded on first use: the service lookup reads the module's (or class path's) provider declarations once. */
    private static final class Builtin {
        static final LoopFactory<LoopOptions, EventLoop> FACTORY = load();

        @SuppressWarnings({"unchecked", "rawtypes"}) // the seam cannot name LoopOptions and EventLoop
        private static LoopFactory<LoopOptions, EventLoop> load() {
            for (LoopFactory f : ServiceLoader.load(LoopFactory.class, Seam.class.getClassLoader())) {
                return f;
            }
            throw new IllegalStateException("jasyncio's event loop is missing (no io.jasyncio.spi.LoopFactory service"
                    + " in module io.jasyncio or META-INF/services)");
        }
    }
}
