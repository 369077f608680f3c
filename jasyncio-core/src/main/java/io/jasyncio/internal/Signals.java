package io.jasyncio.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A loop's signal handlers: each process signal is forwarded to the loop with {@code callSoonThreadsafe}. The
 * previous JVM handler is restored on removal and on close. Thread-safe.
 *
 * <p>Uses {@code sun.misc.Signal} from the {@code jdk.unsupported} module (the only signal API the JDK has),
 * through method handles because javac's warnings about it cannot be suppressed.
 */
final class Signals {
    private static final @Nullable Class<?> SIGNAL;
    private static final @Nullable Class<?> HANDLER;
    private static final @Nullable MethodHandle NEW_SIGNAL;
    private static final @Nullable MethodHandle HANDLE;

    static {
        Class<?> signal = null;
        Class<?> handler = null;
        MethodHandle newSignal = null;
        MethodHandle handle = null;
        try {
            signal = Class.forName("sun.misc.Signal");
            handler = Class.forName("sun.misc.SignalHandler");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            newSignal = lookup.findConstructor(signal, MethodType.methodType(void.class, String.class));
            handle = lookup.findStatic(signal, "handle", MethodType.methodType(handler, signal, handler));
        } catch (ReflectiveOperationException | LinkageError e) {
            signal = null;
        }
        SIGNAL = signal;
        HANDLER = handler;
        NEW_SIGNAL = newSignal;
        HANDLE = handle;
    }

    private final SelectorEventLoop loop;
    private final Map<String, Object> previous = new HashMap<>();

    Signals(SelectorEventLoop loop) {
        this.loop = loop;
    }

    synchronized void add(String name, Runnable callback) {
        Class<?> handlerType = HANDLER;
        if (SIGNAL == null || handlerType == null) {
            throw new UnsupportedOperationException("this JVM has no sun.misc.Signal");
        }
        Object handler = Proxy.newProxyInstance(
                Signals.class.getClassLoader(), new Class<?>[] {handlerType}, (proxy, method, args) -> {
                    return switch (method.getName()) {
                        case "handle" -> {
                            if (!loop.isClosed()) {
                                loop.callSoonThreadsafe(callback);
                            }
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "jasyncio signal handler for SIG" + name;
                    };
                });
        Object old = install(name, handler);
        previous.putIfAbsent(name, old);
    }

    synchronized boolean remove(String name) {
        Object old = previous.remove(name);
        if (old == null) {
            return false;
        }
        install(name, old);
        return true;
    }

    synchronized void removeAll() {
        for (var e : previous.entrySet()) {
            install(e.getKey(), e.getValue());
        }
        previous.clear();
    }

    private static Object install(String name, Object handler) {
        MethodHandle newSignal = NEW_SIGNAL;
        MethodHandle handle = HANDLE;
        if (newSignal == null || handle == null) {
            throw new UnsupportedOperationException("this JVM has no sun.misc.Signal");
        }
        try {
            Object signal = newSignal.invoke(name);
            return handle.invoke(signal, handler);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot handle SIG" + name + ": " + e.getMessage(), e);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot handle SIG" + name, e);
        }
    }
}
