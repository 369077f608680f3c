package io.jasyncio.internal;

import io.jasyncio.Task;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads a blocked fiber's stack to tell whether it waits in a <em>foreign call made by user code</em> (which
 * compatibility mode may detach from the loop, and which {@code cancel(msg, true)} may interrupt) or inside
 * jasyncio's own code, for example on a JDK lock taken while logging or registering with a {@code Cleaner}. The
 * library's code must never run without the loop's run permit, so the latter is never detached: the loop waits
 * for it as for any other step.
 *
 * <p>The innermost frame that is not the JDK's decides. A frame is jasyncio's when its class is in
 * {@code io.jasyncio} and was loaded from the same module or code source as this class (tests and applications
 * may use the same package names). When that frame is one of the few library methods that call user code and do
 * nothing else that could block ({@link #USER_CALLS}), the JDK frames above it are the user's own call: a body
 * or callback given as a method reference ({@code createTask(queue::take)}) leaves no frame of its own. One
 * jasyncio wait is a foreign call on purpose: {@link PlatformThreads#joinUninterruptibly}, where a task waits
 * for another loop it runs on a platform thread.
 */
final class LoopFrames {
    private static final Module CORE_MODULE = LoopFrames.class.getModule();
    private static final @Nullable String CORE_LOCATION = location(LoopFrames.class);
    /**
     * Library methods whose own direct JDK calls are user code: they call a user's body or callback and, besides
     * that, only other library methods. (A rename must be mirrored here; the compatibility-mode tests of tasks and
     * callbacks given as method references catch it.)
     */
    private static final Set<String> USER_CALLS = Set.of(
            Task.class.getName() + "#step",
            CallbackHandle.class.getName() + "#run",
            LoopErrors.class.getName() + "#runHandler",
            PlatformThreads.class.getName() + "#joinUninterruptibly");
    /** Class name to "is jasyncio's own", for the names seen so far (a bounded set: the classes of stacks). */
    private static final ConcurrentHashMap<String, Boolean> CORE = new ConcurrentHashMap<>();

    private LoopFrames() {}

    /**
     * Returns whether a thread's innermost frame outside the JDK is user code (or a jasyncio wait that is a
     * foreign call on purpose).
     *
     * @param stack the thread's stack, innermost frame first
     * @return {@code true} if the thread waits in a foreign call made by user code
     */
    static boolean waitsInUserCode(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            String cn = e.getClassName();
            if (isJdk(cn)) {
                continue;
            }
            if (!isCore(cn)) {
                return true;
            }
            return USER_CALLS.contains(cn + "#" + e.getMethodName());
        }
        return false;
    }

    private static boolean isJdk(String cn) {
        return cn.startsWith("java.")
                || cn.startsWith("jdk.")
                || cn.startsWith("sun.")
                || cn.startsWith("javax.")
                || cn.startsWith("com.sun.");
    }

    private static boolean isCore(String cn) {
        if (!cn.startsWith("io.jasyncio.")) {
            return false;
        }
        return CORE.computeIfAbsent(cn, LoopFrames::loadedWithCore);
    }

    private static boolean loadedWithCore(String cn) {
        Class<?> c;
        try {
            c = Class.forName(cn, false, LoopFrames.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // not visible from here: not ours
        }
        if (CORE_MODULE.isNamed()) {
            return c.getModule() == CORE_MODULE;
        }
        return c.getClassLoader() == LoopFrames.class.getClassLoader() && Objects.equals(location(c), CORE_LOCATION);
    }

    /** Where a class was loaded from (a string: {@code URL.equals} may resolve host names). */
    private static @Nullable String location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs != null && cs.getLocation() != null ? cs.getLocation().toString() : null;
    }
}
