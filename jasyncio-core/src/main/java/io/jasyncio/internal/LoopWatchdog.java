package io.jasyncio.internal;

import io.jasyncio.Task;

/**
 * Debug mode's watchdog: a daemon thread that samples a running loop's iteration counter and, when the loop
 * has not moved for longer than the slow-callback duration (at least 1 s), logs the carrier's stack and the
 * running task's stack. This catches what the slow-step report cannot: a step that never returns, such as an
 * await inside a class initialiser or a native frame, which pins the carrier.
 */
final class LoopWatchdog {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    private final SelectorEventLoop loop;
    private final Thread thread;
    /** Written by the loop thread when it stops running; read by the watchdog thread. */
    private volatile boolean stopped;

    private LoopWatchdog(SelectorEventLoop loop) {
        this.loop = loop;
        this.thread = Thread.ofPlatform().daemon().name("jasyncio-watchdog").unstarted(this::watch);
    }

    static LoopWatchdog watch(SelectorEventLoop loop) {
        LoopWatchdog w = new LoopWatchdog(loop);
        w.thread.start();
        return w;
    }

    void stop() {
        stopped = true;
        thread.interrupt();
    }

    private void watch() {
        long last = loop.iterations();
        long stuckSince = System.nanoTime();
        boolean reported = false;
        while (!stopped) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long it = loop.iterations();
            if (it != last) {
                last = it;
                stuckSince = now;
                reported = false;
                continue;
            }
            long limit = Math.max(1_000_000_000L, loop.slowCallbackDuration().toNanos());
            if (!reported && now - stuckSince > limit && isBusy()) {
                reported = true;
                LOG.log(System.Logger.Level.WARNING, report((now - stuckSince) / 1_000_000));
            }
        }
    }

    /** Whether the loop thread is running something (rather than waiting in select for I/O or timers). */
    private boolean isBusy() {
        Thread lt = loop.loopThreadOrNull();
        if (lt == null) {
            return false;
        }
        for (StackTraceElement e : lt.getStackTrace()) {
            if (e.getClassName().startsWith("sun.nio.ch.") && e.getClassName().contains("Selector")) {
                return false;
            }
        }
        return true;
    }

    String report(long millis) {
        StringBuilder sb = new StringBuilder("event loop blocked for ")
                .append(millis)
                .append(" ms (an await in a class initialiser or native frame, or blocking code" + " on the loop?)");
        Thread lt = loop.loopThreadOrNull();
        if (lt != null) {
            sb.append("\n  carrier ").append(lt.getName()).append(':');
            for (StackTraceElement e : lt.getStackTrace()) {
                sb.append("\n    at ").append(e);
            }
        }
        LoopFiber f = loop.scheduler.runningFiber();
        if (f != null) {
            Task<?> t = f.ownTask();
            sb.append("\n  running ")
                    .append(t != null ? t.toString() : "callbacks")
                    .append(':');
            for (StackTraceElement e : f.thread().getStackTrace()) {
                sb.append("\n    at ").append(e);
            }
        }
        return sb.toString();
    }
}
