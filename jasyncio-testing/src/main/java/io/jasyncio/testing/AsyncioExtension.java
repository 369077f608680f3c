package io.jasyncio.testing;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.LoopOptions;
import io.jasyncio.Task;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link AsyncioTest}: runs the test method as the main task of a new loop
 * ({@link Asyncio#run(io.jasyncio.CheckedCallable, LoopOptions)}) and checks for leaks around it. Register it
 * through the annotation rather than directly.
 */
public final class AsyncioExtension implements InvocationInterceptor, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AsyncioExtension.class);

    static {
        // Start the JVM-wide helpers (JDK poller, reaper, cleaner) before the first snapshot is taken.
        try (EventLoop warm = EventLoop.open()) {
            // not a lambda: a task running code of this class while <clinit> runs would deadlock (compat mode)
            warm.runUntilComplete(warm.createTask(new WarmUp()));
        }
        // The JDK keeps a socket of its own for closing Unix-domain channels, made when the first one closes.
        try {
            SocketChannel.open(StandardProtocolFamily.UNIX).close();
        } catch (IOException | UnsupportedOperationException noUnixSockets) {
            // nothing to warm up
        }
    }

    /** The warm-up task's body, in a class of its own (initialised independently of the extension). */
    private static final class WarmUp implements io.jasyncio.AsyncCallable<Boolean> {
        @Override
        public Boolean call() {
            return true;
        }
    }

    /** Creates the extension (JUnit does this). */
    public AsyncioExtension() {}

    @Override
    public void interceptTestMethod(
            Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context)
            throws Throwable {
        AsyncioTest config = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), AsyncioTest.class)
                .orElseThrow(() -> new IllegalStateException("@AsyncioTest is missing"));
        LoopOptions options = LoopOptions.defaults().withDebug(config.debug());
        if (!config.realClock()) {
            options = options.withClock(clock(context));
        }
        LeakSnapshot before = config.checkLeaks() ? LeakSnapshot.take() : null;
        List<String> leakedTasks = new ArrayList<>();
        Asyncio.run(
                () -> {
                    try {
                        invocation.proceed();
                    } catch (Exception | Error e) {
                        throw e;
                    } catch (Throwable t) {
                        throw new IllegalStateException(t);
                    }
                    if (config.checkLeaks()) {
                        Optional<Task<?>> me = Asyncio.currentTask();
                        for (Task<?> t : Asyncio.allTasks()) {
                            if (me.isEmpty() || t != me.get()) {
                                leakedTasks.add(t.toString());
                            }
                        }
                    }
                    return null;
                },
                options);
        if (!leakedTasks.isEmpty()) {
            throw new AssertionError(
                    "the test left " + leakedTasks.size() + " task(s) running (await or cancel them): " + leakedTasks);
        }
        if (before != null) {
            String leaks = before.leaksSince();
            if (!leaks.isEmpty()) {
                throw new AssertionError("the test leaked resources:\n" + leaks);
            }
        }
    }

    private static VirtualClock clock(ExtensionContext context) {
        return context.getStore(NS).computeIfAbsent("clock", k -> new VirtualClock(), VirtualClock.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == VirtualClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        AsyncioTest config = AnnotationSupport.findAnnotation(
                        extensionContext.getRequiredTestMethod(), AsyncioTest.class)
                .orElseThrow();
        if (config.realClock()) {
            throw new IllegalStateException("a VirtualClock parameter needs @AsyncioTest without realClock");
        }
        return clock(extensionContext);
    }
}
