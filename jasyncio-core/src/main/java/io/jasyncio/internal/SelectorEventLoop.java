package io.jasyncio.internal;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Awaitable;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.ExceptionHandler;
import io.jasyncio.Future;
import io.jasyncio.Handle;
import io.jasyncio.LoopClock;
import io.jasyncio.LoopOptions;
import io.jasyncio.SchedulingMode;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The built-in loop ({@code "nio"}): a {@link Selector}, a timer heap and a {@link RunQueue}, run by one carrier
 * thread. Its parts: the {@link FiberScheduler} runs tasks and the {@link CallbackRunner} one step at a time;
 * {@link LoopErrors}, {@link LoopExecutors}, {@link Signals} and the {@link ChannelRegistry} own the exception
 * handler, the executors, the signal handlers and the channel registrations; {@link LoopClose} closes it.
 *
 * <h2>One iteration</h2>
 * <pre>
 *   drain inbox -> select (block only if nothing is ready) -> drain inbox -> due timers to ready
 *   -> run the entries that were ready at this point (new ones wait for the next iteration)
 * </pre>
 * Ready entries are task continuations (fast mode: the JDK hands them to {@link FiberScheduler#execute}),
 * compatibility-mode steps, internal callbacks (run on the carrier) and user callbacks (run in the callback runner).
 */
public final class SelectorEventLoop implements EventLoop {
    /** The provider name of this loop. */
    public static final String PROVIDER_NAME = "nio";

    /** How to wait for another loop's future, for the error that rejects awaiting it directly. */
    public static final String OTHER_LOOP_BRIDGE = "to wait for it, call its toCompletableFuture() on its own loop"
            + " (in one of its tasks or callbacks, or through that loop's callSoonThreadsafe) and await the result"
            + " here with Asyncio.await(completableFuture)";

    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    private static final AtomicInteger LOOP_IDS = new AtomicInteger();
    private static volatile boolean compatWarned;

    static {
        JdkPoller.initialise();
    }

    private final LoopOptions options;
    private final LoopClock clock;
    private final int id = LOOP_IDS.incrementAndGet();
    private final Selector selector;
    private final TimerQueue timers = new TimerQueue(this);
    private final RunQueue queue;
    private final FiberScheduler scheduler;
    /** The tasks that have not ended; loop-confined (close empties it before leftovers end elsewhere). */
    private final Set<Task<?>> liveTasks = new LinkedHashSet<>();

    private final Consumer<SelectionKey> onSelected = this::selected;
    private final Signals signals = new Signals(this);
    private final LoopExecutors executors = new LoopExecutors(this, id);
    private final LoopErrors errors = new LoopErrors(this);
    private final ChannelRegistry channels;

    /** The thread running the loop, or {@code null}; written by that thread, read by every thread. */
    private volatile @Nullable Thread loopThread;

    private volatile boolean running;
    private volatile boolean stopping;
    /** Written by the loop thread only (read by the watchdog). */
    private volatile long iterations;

    private @Nullable CallbackRunner runner;
    private long taskCounter;
    /** Loop-confined (set with setDebug); read on the loop thread. */
    private boolean debug;
    /** Loop-confined; the watchdog thread reads it too (a stale value only delays its report). */
    private long slowCallbackNanos;

    private @Nullable LoopWatchdog watchdog;
    /** What an interrupt of the loop thread does (default: stop the loop). */
    private Runnable onInterrupt = this::stop;
    /** The loop's one direct buffer for socket reads (made on first use; 256 KiB, as asyncio's read size). */
    private @Nullable ByteBuffer readBuffer;

    /**
     * Opens a loop; use {@link EventLoop#open(LoopOptions)}.
     *
     * @param options the options
     */
    public SelectorEventLoop(LoopOptions options) {
        this.options = options;
        this.clock = options.clock();
        this.debug = options.debug();
        this.slowCallbackNanos = options.slowCallbackDuration().toNanos();
        SchedulingMode wanted = options.mode();
        if (wanted == null) {
            wanted = VirtualThreads.available() ? SchedulingMode.FAST : SchedulingMode.COMPAT;
        }
        if (wanted == SchedulingMode.FAST && !VirtualThreads.available()) {
            throw new IllegalStateException("fast mode needs --add-opens java.base/java.lang=ALL-UNNAMED ("
                    + VirtualThreads.unavailableReason() + ")");
        }
        if (wanted == SchedulingMode.COMPAT && options.mode() == null) {
            warnCompatOnce();
        }
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.queue = new RunQueue(new Reaper(id), selector::wakeup);
        this.scheduler = new FiberScheduler(this, queue, wanted);
        this.channels = new ChannelRegistry(this, selector);
    }

    private static void warnCompatOnce() {
        if (!compatWarned) {
            compatWarned = true;
            LOG.log(
                    System.Logger.Level.WARNING,
                    "jasyncio runs in compatibility mode (slower task switches); add the JVM option"
                            + " --add-opens java.base/java.lang=ALL-UNNAMED for fast mode");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the parts

    FiberScheduler scheduler() {
        return scheduler;
    }

    RunQueue runQueue() {
        return queue;
    }

    LoopErrors errors() {
        return errors;
    }

    LoopExecutors executors() {
        return executors;
    }

    Set<Task<?>> liveTasks() {
        return liveTasks;
    }

    int id() {
        return id;
    }

    // ------------------------------------------------------------------------------------------------
    // what tasks and futures need from the loop

    /**
     * Returns a new fiber for a task (used by {@link Task}'s constructor).
     *
     * @param task the task
     * @param name the thread name
     * @param body what the thread runs
     * @return the fiber, not started
     */
    public Fiber newTaskFiber(Task<?> task, String name, Runnable body) {
        return scheduler.newFiber(task, name, body);
    }

    /** Throws unless the caller may touch this loop's state (see {@link FiberScheduler#checkThread}). */
    public void checkThread() {
        scheduler.checkThread();
    }

    /**
     * Returns the task running now, for an await; throws when the caller is not a task of this loop.
     *
     * @return the current task
     */
    @SuppressWarnings("NullAway") // fiberForAwait returns task fibers only
    public Task<?> currentTaskForAwait() {
        return scheduler.fiberForAwait().task;
    }

    /** Throws unless the caller is a task of this loop (for calls that may suspend but need not the task). */
    public void requireTask() {
        scheduler.fiberForAwait();
    }

    /**
     * Called by a task's own thread before its body runs.
     *
     * @param t the task
     */
    public void taskStarting(Task<?> t) {
        scheduler.running(TaskAccess.fiber(t));
    }

    /**
     * Called by a task's own thread after its body returned or threw, before it completes.
     *
     * @param t the task
     */
    public void taskEnding(Task<?> t) {
        TaskAccess.fiber(t).ensureAttached();
        if (!queue.isClosed()) { // after close, leftovers end on reaper threads; close emptied the set
            liveTasks.remove(t);
        }
    }

    /**
     * Returns whether a fiber is blocked in a foreign call made by user code.
     *
     * @param f the fiber
     * @return {@code true} if it is
     */
    public boolean isBlockedOutside(Fiber f) {
        return f.thread != Thread.currentThread() && f.isBlockedInForeignCall();
    }

    /** Re-attaches after user code returned (see {@link FiberScheduler#afterUserCode}). */
    public void afterUserCode() {
        scheduler.afterUserCode();
    }

    /**
     * Completes a loop future from another thread (dropped if the loop is closed).
     *
     * @param r code that completes a future; must not block
     */
    public void deliverFromThread(Runnable r) {
        if (!queue.isClosed()) {
            queue.addExternal(new CallbackHandle(r, false, null));
        }
    }

    // ------------------------------------------------------------------------------------------------
    // callbacks and timers

    @Override
    public Handle callSoon(Runnable callback) {
        return callSoonWithContext(callback, currentContext());
    }

    /**
     * Schedules a user callback that runs with the given context-variable values instead of the current ones
     * (done callbacks keep the values of the code that added them, as in asyncio).
     *
     * @param callback the callback
     * @param context the values, as {@link #currentContext()} returned them, or {@code null}
     * @return the handle
     */
    public Handle callSoonWithContext(Runnable callback, @Nullable Object context) {
        checkThread();
        checkOpen();
        CallbackHandle h = new CallbackHandle(callback, true, context);
        if (loopThread == null) {
            // before the loop runs, callSoonThreadsafe calls wait in the inbox: move them first, so that
            // callbacks keep the order they were scheduled in (as in asyncio)
            queue.drainInbox();
        }
        queue.add(h);
        return h;
    }

    /**
     * Schedules an internal callback (library code that never blocks; runs on the carrier). A no-op after close.
     *
     * @param callback the callback
     * @return the handle (cancelled after close)
     */
    public Handle callSoonInternal(Runnable callback) {
        CallbackHandle h = new CallbackHandle(callback, false, null);
        if (queue.isClosed()) {
            h.cancel(); // nothing runs callbacks any more: do not grow a dead queue
        } else {
            queue.add(h);
        }
        return h;
    }

    @Override
    public Handle callSoonThreadsafe(Runnable callback) {
        checkOpen();
        CallbackHandle h = new CallbackHandle(callback, true, null);
        if (scheduler.onLoop()) {
            queue.add(h); // in call order with callSoon, as asyncio (the inbox is drained only per iteration)
        } else {
            queue.addExternal(h);
        }
        return h;
    }

    @Override
    public TimerHandle callLater(Duration delay, Runnable callback) {
        return callAt(deadlineAfter(delay), callback);
    }

    @Override
    public TimerHandle callAt(long deadline, Runnable callback) {
        checkThread();
        checkOpen();
        return timers.add(deadline, callback, true, currentContext());
    }

    /**
     * Schedules an internal timer (library code that never blocks; runs on the carrier). A no-op after close.
     *
     * @param deadline when, on the loop's clock
     * @param callback the callback
     * @return the handle (cancelled after close)
     */
    public TimerHandle callAtInternal(long deadline, Runnable callback) {
        if (queue.isClosed()) {
            TimerEntry dead = new TimerEntry(deadline, 0, callback, false, null, timers);
            dead.cancel(); // never added: the heap of a closed loop is not run
            return dead;
        }
        return timers.add(deadline, callback, false, null);
    }

    /**
     * Returns the loop time {@code delay} from now, saturating (huge delays mean "never").
     *
     * @param delay the delay
     * @return the deadline on this loop's clock
     */
    public long deadlineAfter(Duration delay) {
        return Deadlines.after(clock.nanoTime(), delay);
    }

    @Override
    public long time() {
        return clock.nanoTime();
    }

    private void checkOpen() {
        if (queue.isClosed()) {
            throw new IllegalStateException("event loop is closed");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // futures and tasks

    @Override
    public <T extends @Nullable Object> Future<T> createFuture() {
        return TaskAccess.newFuture(this);
    }

    @Override
    public <T extends @Nullable Object> Task<T> createTask(AsyncCallable<T> body) {
        return createTask("Task-" + (taskCounter + 1), body);
    }

    @Override
    public <T extends @Nullable Object> Task<T> createTask(String name, AsyncCallable<T> body) {
        checkThread();
        checkOpen();
        taskCounter++;
        Task<T> t = TaskAccess.newTask(this, name, body, currentContext());
        liveTasks.add(t);
        Fiber parent = options.eagerTasks() && running ? scheduler.currentTaskFiber() : null;
        if (parent == null) {
            TaskAccess.fiber(t).start();
        } else {
            scheduler.startEagerly(parent, TaskAccess.fiber(t));
        }
        return t;
    }

    @Override
    public Set<Task<?>> allTasks() {
        checkThread();
        return Collections.unmodifiableSet(new LinkedHashSet<>(liveTasks));
    }

    /**
     * Returns the number of live tasks (for leak checks).
     *
     * @return the count
     */
    public int liveTaskCount() {
        return liveTasks.size();
    }

    @Override
    public String dumpTasks() {
        checkThread();
        StringBuilder sb = new StringBuilder();
        sb.append(liveTasks.size()).append(" live task(s) on loop ").append(id).append('\n');
        for (Task<?> t : liveTasks) {
            sb.append("  ").append(t).append('\n');
            for (StackTraceElement e : t.stack()) {
                sb.append("      at ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Returns the context-variable values of the running task or callback, or {@code null} if none.
     *
     * @return the current context (an immutable map owned by {@code ContextVar})
     */
    public @Nullable Object currentContext() {
        Fiber f = Fiber.current();
        if (f != null && f.loop == this) {
            Task<?> t = f.task;
            return t != null ? TaskAccess.context(t) : f.callbackContext;
        }
        return null;
    }

    /**
     * Replaces the context of the running callback (used by {@code ContextVar.set} in callbacks).
     *
     * @param context the new context
     */
    public void setCallbackContext(@Nullable Object context) {
        Fiber f = Fiber.current();
        if (f != null && f.loop == this && f.task == null) {
            f.callbackContext = context;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // running

    @Override
    public <T extends @Nullable Object> T runUntilComplete(Awaitable<T> awaitable) {
        if (awaitable.loop() != this) {
            throw new IllegalArgumentException("the awaitable belongs to another loop");
        }
        if (!awaitable.isDone()) {
            // Only this run may be stopped by the awaitable: when the run ends early (someone else called stop), a
            // callback left on the awaitable, or already queued by its completion, would stop a later, unrelated
            // run. So remove it, and make a queued one harmless.
            boolean[] thisRun = {true};
            Consumer<Awaitable<T>> stopThisRun = f -> {
                if (thisRun[0]) {
                    stop();
                }
            };
            awaitable.addDoneCallback(stopThisRun);
            try {
                runForever();
            } finally {
                thisRun[0] = false;
                awaitable.removeDoneCallback(stopThisRun);
            }
        }
        if (!awaitable.isDone()) {
            throw new IllegalStateException("event loop stopped before the awaitable completed");
        }
        return TaskAccess.report(awaitable);
    }

    @Override
    public void runForever() {
        checkOpen();
        if (running) {
            throw new IllegalStateException("this event loop is already running");
        }
        if (Thread.currentThread().isVirtual()) {
            runOnPlatformThread();
            return;
        }
        loopThread = Thread.currentThread();
        running = true;
        LoopWatchdog wd = debug ? LoopWatchdog.watch(this) : null;
        watchdog = wd;
        try {
            if (runner == null) {
                CallbackRunner r = new CallbackRunner(this, queue, scheduler);
                runner = r;
                scheduler.startNow(r.fiber);
            }
            while (!stopping) {
                runOnce();
            }
        } finally {
            stopping = false;
            running = false;
            loopThread = null;
            if (wd != null) {
                wd.stop();
            }
            watchdog = null;
        }
    }

    private void runOnPlatformThread() {
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofPlatform().name("jasyncio-loop-" + id).start(() -> {
            try {
                runForever();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        PlatformThreads.joinUninterruptibly(t, this::stop);
        Throwable e = failure[0];
        if (e instanceof RuntimeException re) {
            throw re;
        } else if (e instanceof Error err) {
            throw err;
        } else if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets what an interrupt of the loop thread does while it runs (default: {@link #stop()});
     * {@code Asyncio.run} cancels its main task instead.
     *
     * @param action the action, run on the loop thread
     */
    public void setInterruptAction(Runnable action) {
        onInterrupt = action;
    }

    @Override
    public void stop() {
        stopping = true;
        if (loopThread != null && Thread.currentThread() != loopThread) {
            selector.wakeup();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isClosed() {
        return queue.isClosed();
    }

    @Override
    public SchedulingMode schedulingMode() {
        return scheduler.mode();
    }

    /**
     * Returns the options this loop was opened with.
     *
     * @return the options
     */
    public LoopOptions options() {
        return options;
    }

    /**
     * Returns how many iterations the loop has run (for the watchdog and tests).
     *
     * @return the count
     */
    public long iterations() {
        return iterations;
    }

    @Nullable
    Thread loopThreadOrNull() {
        return loopThread;
    }

    @Nullable
    CallbackRunner runner() {
        return runner;
    }

    long slowCallbackNanos() {
        return slowCallbackNanos;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // only the loop thread writes iterations
    private void runOnce() {
        queue.drainInbox();
        boolean idle = queue.isEmpty() && !stopping;
        long deadline = idle ? timers.nextDeadline() : Long.MAX_VALUE;
        int keys = 0;
        long block = idle ? clock.maxBlockNanos(deadline) : 0;
        boolean mayJump = false;
        if (idle && clock.isVirtual() && deadline != Long.MAX_VALUE) {
            // a virtual clock jumps only when nothing else can happen; otherwise wait (really) for a while
            mayJump = quiescent();
            if (!mayJump) {
                block = Math.max(block, 1_000_000L);
            }
        }
        try {
            if (block <= 0) {
                keys = pollNow();
            } else {
                if (queue.prepareToSleep()) {
                    keys = selector.select(onSelected, block == Long.MAX_VALUE ? 0 : ceilMillis(block));
                } else {
                    keys = pollNow();
                }
                queue.awake();
            }
        } catch (IOException e) {
            callExceptionHandler(ExceptionContext.of("selector failed", e));
        }
        if (Thread.interrupted()) {
            onInterrupt.run();
        }
        if (mayJump && keys == 0 && queue.inboxIsEmpty() && queue.isEmpty()) {
            clock.idle(deadline);
        }
        queue.drainInbox();
        if (!timers.isEmpty()) { // reading the clock costs about a tenth of a task switch
            long now = clock.nanoTime();
            TimerEntry due;
            while ((due = timers.pollDue(now)) != null) {
                queue.add(due);
            }
        }
        int n = queue.size();
        while (n > 0) {
            Runnable r = queue.peekFirst();
            if (r instanceof CallbackHandle h && h.user) {
                n = runUserCallbacks(n);
            } else {
                queue.pollFirst();
                n--;
                runStep(r);
            }
        }
        iterations++;
    }

    /** Rounds a positive number of nanoseconds up to milliseconds (at least 1) without overflowing. */
    private static long ceilMillis(long nanos) {
        return Math.max(1, nanos / 1_000_000 + (nanos % 1_000_000 != 0 ? 1 : 0));
    }

    /**
     * Polls for I/O readiness without blocking. With no channel registered nothing can be ready, so the system
     * call (a third of a task switch) is skipped; a pending {@code wakeup} then makes the next blocking select
     * return at once, which only costs one more iteration.
     */
    private int pollNow() throws IOException {
        return selector.keys().isEmpty() ? 0 : selector.selectNow(onSelected);
    }

    /** Whether every live task waits on the loop and no executor job is in flight (virtual clocks may jump). */
    private boolean quiescent() {
        if (executors.hasJobsInFlight()) {
            return false;
        }
        for (Task<?> t : liveTasks) {
            if (!TaskAccess.fiber(t).suspended) {
                return false;
            }
        }
        return true;
    }

    private void selected(SelectionKey key) {
        if (key.attachment() instanceof IoSource s) {
            s.ready(key.readyOps());
        }
    }

    /** Runs an internal I/O readiness callback inside the selector's callback (it never blocks). */
    void runIoInline(Runnable r) {
        try {
            r.run();
        } catch (Throwable e) {
            callExceptionHandler(new ExceptionContext("internal I/O callback failed", e, null, r.toString()));
        }
    }

    /** Runs one ready-queue entry on the carrier; reports a failure and, in debug mode, a slow step. */
    void runStep(@Nullable Runnable r) {
        if (r == null) {
            return;
        }
        long start = debug ? System.nanoTime() : 0;
        try {
            r.run();
        } catch (Throwable e) {
            callExceptionHandler(new ExceptionContext("internal callback failed", e, null, r.toString()));
        }
        if (debug) {
            long took = System.nanoTime() - start;
            if (took > slowCallbackNanos) {
                Fiber f = scheduler.runningFiber();
                LoopErrors.reportSlow(took, f != null && f.task != null ? f.task : r);
            }
        }
        scheduler.stepEnded();
    }

    /** Runs the user callbacks at the head of the queue in the runner; replaces a runner that a callback blocked. */
    private int runUserCallbacks(int budget) {
        CallbackRunner r = runner;
        if (r == null) {
            throw new IllegalStateException("no callback runner");
        }
        int left = r.runBatch(budget);
        if (r.isBlocked()) {
            CallbackRunner fresh = new CallbackRunner(this, queue, scheduler);
            runner = fresh;
            scheduler.startNow(fresh.fiber);
        }
        return left;
    }

    // ------------------------------------------------------------------------------------------------
    // close

    @Override
    public void close() {
        if (running) {
            throw new IllegalStateException("cannot close a running event loop");
        }
        if (!queue.isClosed()) {
            new LoopClose(this).run();
        }
    }

    /** Close: hands the callback runner over (it ends once it sees the loop closed). */
    @Nullable
    CallbackRunner takeRunner() {
        CallbackRunner r = runner;
        runner = null;
        return r;
    }

    /** Close: restores the signal handlers, shuts the default executor down and closes the selector. */
    void releaseResources() {
        signals.removeAll();
        executors.shutdownOnClose();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the selector failed", e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the EventLoop methods served by the parts

    @Override
    public <T extends @Nullable Object> Future<T> runInExecutor(@Nullable Executor executor, Callable<T> work) {
        checkThread();
        checkOpen();
        return executors.runInExecutor(executor, work);
    }

    @Override
    public void setDefaultExecutor(ExecutorService executor) {
        checkThread();
        executors.setDefault(executor);
    }

    @Override
    public boolean shutdownDefaultExecutor(Duration timeout) {
        checkThread();
        return executors.shutdownDefault(timeout);
    }

    @Override
    public void setExceptionHandler(@Nullable ExceptionHandler handler) {
        checkThread();
        errors.setHandler(handler);
    }

    @Override
    public @Nullable ExceptionHandler exceptionHandler() {
        return errors.handler();
    }

    @Override
    public void callExceptionHandler(ExceptionContext context) {
        errors.call(context);
    }

    @Override
    public void defaultExceptionHandler(ExceptionContext context) {
        LoopErrors.logDefault(context);
    }

    @Override
    public void addSignalHandler(String signal, Runnable callback) {
        checkOpen();
        signals.add(signal, callback);
    }

    @Override
    public boolean removeSignalHandler(String signal) {
        return signals.remove(signal);
    }

    @Override
    public void addReader(SelectableChannel channel, Runnable callback) {
        ioSourceUnchecked(channel).setReader(callback, true);
    }

    @Override
    public boolean removeReader(SelectableChannel channel) {
        checkThread();
        return channels.removeReader(channel);
    }

    @Override
    public void addWriter(SelectableChannel channel, Runnable callback) {
        ioSourceUnchecked(channel).setWriter(callback, true);
    }

    @Override
    public boolean removeWriter(SelectableChannel channel) {
        checkThread();
        return channels.removeWriter(channel);
    }

    private IoSource ioSourceUnchecked(SelectableChannel channel) {
        try {
            return ioSource(channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits, on the calling (non-loop) thread, until a closed loop's default executor has stopped its threads.
     *
     * @param timeout how long to wait at most
     * @return {@code true} if it stopped in time (or there was none)
     */
    public boolean awaitExecutorTermination(Duration timeout) {
        return executors.awaitTermination(timeout);
    }

    /**
     * Schedules an error report for the callback runner: from the carrier, at the end of the ready queue; from
     * other threads, through the inbox (as {@code callSoonThreadsafe} does).
     */
    void scheduleReport(LoopErrors.Report report) {
        if (Thread.currentThread() == loopThread) {
            queue.add(report);
        } else {
            queue.addExternal(report);
        }
    }

    /**
     * Reports a failed future whose exception nobody retrieved (from the cleaner thread, the loop, or close).
     *
     * @param message the message
     * @param exception the exception
     */
    public void reportUnretrieved(String message, Throwable exception) {
        errors.reportUnretrieved(message, exception);
    }

    /**
     * Remembers a failed future's report until its exception is retrieved or reported, so that {@link #close()}
     * reports what is still unretrieved (any thread).
     *
     * @param report makes the report, once, given when it is made (appended to the message)
     */
    public void trackUnretrieved(Consumer<String> report) {
        errors.trackUnretrieved(report);
    }

    /**
     * Forgets a report that was retrieved or made (any thread).
     *
     * @param report as given to {@link #trackUnretrieved}
     */
    public void untrackUnretrieved(Consumer<String> report) {
        errors.untrackUnretrieved(report);
    }

    @Override
    public void setDebug(boolean debug) {
        checkThread();
        this.debug = debug;
        if (debug && running && watchdog == null) {
            watchdog = LoopWatchdog.watch(this);
        }
    }

    @Override
    public boolean isDebug() {
        return debug;
    }

    @Override
    public Duration slowCallbackDuration() {
        return Duration.ofNanos(slowCallbackNanos);
    }

    @Override
    public void setSlowCallbackDuration(Duration duration) {
        slowCallbackNanos = Deadlines.saturatedNanos(duration);
    }

    // ------------------------------------------------------------------------------------------------
    // I/O support for transports

    /**
     * Returns the registration of a channel with this loop's selector, registering it (non-blocking) first.
     *
     * @param channel the channel
     * @return its registration
     * @throws IOException if the channel cannot be registered (closed, or it cannot be made non-blocking)
     */
    public IoSource ioSource(SelectableChannel channel) throws IOException {
        checkThread();
        checkOpen();
        return channels.ioSource(channel);
    }

    /**
     * Returns the loop's shared direct read buffer: transports read into it and hand it to their protocol for
     * the duration of one callback. Loop-confined.
     *
     * @return the buffer (its state is whatever the last user left)
     */
    public ByteBuffer readBuffer() {
        ByteBuffer b = readBuffer;
        if (b == null) {
            b = ByteBuffer.allocateDirect(256 * 1024);
            readBuffer = b;
        }
        return b;
    }

    @Override
    public String toString() {
        return "EventLoop[" + id + ", " + scheduler.mode() + (running ? ", running" : "")
                + (isClosed() ? ", closed" : "") + ", tasks=" + liveTasks.size() + "]";
    }
}
