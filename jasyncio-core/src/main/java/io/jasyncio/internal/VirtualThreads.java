package io.jasyncio.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Access to the JDK's package-private virtual-thread builder that takes a scheduler, to
 * {@code Thread.currentCarrierThread()}, to a virtual thread's continuation task and to the JDK's default
 * virtual-thread scheduler. All need {@code --add-opens java.base/java.lang=ALL-UNNAMED}; without it
 * {@link #available()} is false and loops use compatibility mode.
 *
 * <p>Why the last two: a virtual thread created without a scheduler by another virtual thread inherits that
 * thread's scheduler. Threads that a task starts itself ({@code Thread.ofVirtual()},
 * {@code Executors.newVirtualThreadPerTaskExecutor()}) would thus be scheduled by the loop and run on its thread.
 * The loop recognises its own fibers by their continuation task and forwards every other continuation to the
 * default scheduler, where such threads would have run anyway.
 */
public final class VirtualThreads {
    private static final @Nullable Constructor<?> BUILDER;
    private static final @Nullable MethodHandle CURRENT_CARRIER;
    /**
     * {@code VirtualThread.runContinuation}: the task a virtual thread hands its scheduler, the same each time. A
     * {@code final} field, set by reflection before the thread starts (allowed on JDK 25 with {@code java.lang}
     * open), so that the loop recognises its own fibers' tasks by their type.
     */
    private static final @Nullable Field RUN_CONTINUATION;
    /** The JDK's default virtual-thread scheduler. */
    private static final @Nullable Executor DEFAULT_SCHEDULER;

    private static final String UNAVAILABLE_REASON;

    static {
        Constructor<?> builder = null;
        MethodHandle carrier = null;
        Field runContinuation = null;
        Executor defaultScheduler = null;
        String reason = "";
        try {
            Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> ctor = c.getDeclaredConstructor(Executor.class);
            ctor.setAccessible(true);
            carrier = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup vtLookup = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
            runContinuation = vt.getDeclaredField("runContinuation");
            runContinuation.setAccessible(true);
            // Probe the final-field write on a thread that never starts: a JDK that refuses it disables fast mode
            // here, with the reason, rather than failing the first task.
            Thread probe = Thread.ofVirtual().unstarted(() -> {});
            runContinuation.set(probe, runContinuation.get(probe));
            defaultScheduler =
                    (Executor) vtLookup.findStatic(vt, "defaultScheduler", MethodType.methodType(Executor.class))
                            .invoke();
            builder = ctor;
        } catch (Throwable e) { // ReflectiveOperationException, or a JDK whose internals changed
            reason = e.toString();
            carrier = null;
            runContinuation = null;
            defaultScheduler = null;
        }
        BUILDER = builder;
        CURRENT_CARRIER = carrier;
        RUN_CONTINUATION = runContinuation;
        DEFAULT_SCHEDULER = defaultScheduler;
        UNAVAILABLE_REASON = reason;
    }

    private VirtualThreads() {}

    /**
     * Returns whether loop-scheduled virtual threads can be built.
     *
     * @return {@code true} when {@code java.lang} is open to this module
     */
    public static boolean available() {
        return BUILDER != null;
    }

    /** Returns why {@link #available()} is false (empty when it is true). */
    public static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    /**
     * Returns a virtual-thread builder whose threads are scheduled by {@code scheduler}.
     *
     * @param scheduler runs the threads' continuations; must never throw and never run them inline
     */
    static Thread.Builder.OfVirtual builder(Executor scheduler) {
        Constructor<?> b = BUILDER;
        if (b == null) {
            throw new IllegalStateException("loop-scheduled virtual threads are unavailable: " + UNAVAILABLE_REASON);
        }
        try {
            return (Thread.Builder.OfVirtual) b.newInstance(scheduler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Replaces the task an unstarted virtual thread hands its scheduler each time it becomes runnable with
     * {@code wrap} of it.
     *
     * @param thread a virtual thread (built by {@link #builder}), not started yet
     * @param wrap given the JDK's task, returns the one to hand the scheduler instead (it must run the JDK's)
     * @return the task now handed to the scheduler
     */
    static <R extends Runnable> R wrapContinuation(Thread thread, Function<Runnable, R> wrap) {
        Field f = RUN_CONTINUATION;
        if (f == null) {
            throw new IllegalStateException("loop-scheduled virtual threads are unavailable: " + UNAVAILABLE_REASON);
        }
        try {
            R wrapped = wrap.apply((Runnable) Objects.requireNonNull(f.get(thread)));
            f.set(thread, wrapped);
            return wrapped;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns the JDK's default virtual-thread scheduler. */
    static Executor defaultScheduler() {
        Executor e = DEFAULT_SCHEDULER;
        if (e == null) {
            throw new IllegalStateException("loop-scheduled virtual threads are unavailable: " + UNAVAILABLE_REASON);
        }
        return e;
    }

    /**
     * Returns the carrier of the current thread (the thread itself when it is a platform thread).
     *
     * @return the carrier thread
     */
    static Thread currentCarrier() {
        MethodHandle h = CURRENT_CARRIER;
        if (h == null) {
            return Thread.currentThread();
        }
        try {
            return (Thread) h.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
