package io.jasyncio.internal;

/**
 * Initialises the JDK's socket poller from a platform thread before the first loop exists. Otherwise the
 * poller's virtual threads would be created by (and inherit the scheduler of) the first loop task that does
 * blocking socket I/O: the whole JVM's socket readiness would then run on that loop and die with it.
 */
final class JdkPoller {
    private JdkPoller() {}

    static void initialise() {
        Runnable init = () -> {
            try {
                Class.forName("sun.nio.ch.Poller", true, ClassLoader.getPlatformClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // a JDK without this class has nothing to pre-initialise
            }
        };
        if (!Thread.currentThread().isVirtual()) {
            init.run();
            return;
        }
        Thread t = Thread.ofPlatform().name("jasyncio-poller-init").start(init);
        PlatformThreads.joinUninterruptibly(t, () -> {});
    }
}
