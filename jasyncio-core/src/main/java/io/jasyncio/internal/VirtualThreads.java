package io.jasyncio.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Access to the JDK's package-private virtual-thread builder that takes a scheduler, and to
 * {@code Thread.currentCarrierThread()}. Both need {@code --add-opens java.base/java.lang=ALL-UNNAMED}; without
 * it {@link #available()} is false and loops use compatibility mode.
 */
public final class VirtualThreads {
    private static final @Nullable Constructor<?> BUILDER;
    private static final @Nullable MethodHandle CURRENT_CARRIER;
    private static final String UNAVAILABLE_REASON;

    static {
        Constructor<?> builder = null;
        MethodHandle carrier = null;
        String reason = "";
        try {
            Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> ctor = c.getDeclaredConstructor(Executor.class);
            ctor.setAccessible(true);
            carrier = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
            builder = ctor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            reason = e.toString();
            carrier = null;
        }
        BUILDER = builder;
        CURRENT_CARRIER = carrier;
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

    /**
     * Returns why {@link #available()} is false (empty when it is true).
     *
     * @return the reason
     */
    public static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    /**
     * Returns a virtual-thread builder whose threads are scheduled by {@code scheduler}.
     *
     * @param scheduler runs the threads' continuations; must never throw and never run them inline
     * @return the builder
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
