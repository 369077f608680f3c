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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The built-in loop ({@code "nio"}): a {@link Selector}, a timer heap, a ready queue and a cross-thread inbox,
 * run by one carrier thread.
 *
 * <h2>One iteration</h2>
 * <pre>
 *   drain inbox -> select (block only if nothing is ready) -> drain inbox -> due timers to ready
 *   -> run the entries that were ready at this point (new ones wait for the next iteration)
 * </pre>
 * Ready entries are task continuations (fast mode: the JDK hands them to {@link #execute}), compatibility-mode
 * steps, internal callbacks (run on the carrier) and user callbacks (run in the {@link CallbackRunner}).
 *
 * <h2>Cross-thread wake-up</h2>
 * A producer offers to the inbox, then wakes the selector only if the loop published {@code sleeping = 1}; the
 * loop publishes it, re-checks the inbox, then selects (a Dekker handshake on volatile fields).
 *
 * <h2>Close</h2>
 * Cancel every live task, run until they end or the close timeout passes, then mark closed; from then on
 * {@link #execute} hands continuations to the {@link Reaper}, never throwing.
 */
public final class SelectorEventLoop implements EventLoop, Executor {
    /** The provider name of this loop. */
    public static final String PROVIDER_NAME = "nio";

    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    private static final VarHandle SLEEPING;
    private static final VarHandle HOLDER;
    private static final AtomicInteger LOOP_IDS = new AtomicInteger();
    /** How long the loop spins for a compatibility-mode step to end before parking (0 on one CPU). */
    private static final long HANDOFF_SPIN_NANOS = Runtime.getRuntime().availableProcessors() > 1 ? 20_000L : 0L;

    private static volatile boolean compatWarned;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(SelectorEventLoop.class, "sleeping", int.class);
            HOLDER = MethodHandles.lookup().findVarHandle(SelectorEventLoop.class, "holder", HandoffFiber.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        JdkPoller.initialise();
    }

    private final LoopOptions options;
    private final LoopClock clock;
    private final SchedulingMode mode;
    private final int id = LOOP_IDS.incrementAndGet();
    private final Selector selector;
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>(256);
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final TimerQueue timers = new TimerQueue();
    private final Set<Task<?>> liveTasks = new LinkedHashSet<>();
    private final Consumer<SelectionKey> onSelected = this::selected;
    private final Thread.Builder.@Nullable OfVirtual fastBuilder;
    private final Signals signals = new Signals(this);
    /** The default executor and the executor jobs in flight. */
    private final LoopExecutors executors = new LoopExecutors(this, id);
    /** The exception handler and error reports. */
    private final LoopErrors errors = new LoopErrors(this);
    /** The channels registered with the selector. */
    private final ChannelRegistry channels;

    @SuppressWarnings("UnusedVariable") // accessed through SLEEPING
    private volatile int sleeping;

    private volatile @Nullable HandoffFiber holder;
    private volatile @Nullable Thread loopThread;
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile long iterations;
    private volatile @Nullable Fiber runningFiber;
    private @Nullable CallbackRunner runner;
    private boolean capturing;
    private @Nullable Runnable captured;
    private long taskCounter;
    private boolean debug;
    private long slowCallbackNanos;
    private @Nullable LoopWatchdog watchdog;
    /** What an interrupt of the loop thread does (default: stop the loop). */
    private Runnable onInterrupt = this::stop;

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
        this.mode = wanted;
        this.fastBuilder = wanted == SchedulingMode.FAST ? VirtualThreads.builder(this) : null;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
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
    // scheduling hooks (the JDK, fibers, tasks)

    /**
     * The virtual-thread scheduler of fast mode. Never throws and never runs {@code r} inline.
     *
     * @param r a continuation (or an internal callback)
     */
    @Override
    public void execute(Runnable r) {
        if (capturing && (Thread.currentThread() == loopThread || VirtualThreads.currentCarrier() == loopThread)) {
            captured = r;
            return;
        }
        if (closed) {
            Reaper.submit(r);
            return;
        }
        Thread lt = loopThread;
        if (lt != null && VirtualThreads.currentCarrier() == lt) {
            ready.addLast(r);
        } else {
            enqueueExternal(r);
        }
    }

    /** Adds an entry to the ready queue; loop-confined. */
    void enqueueReady(Runnable r) {
        ready.addLast(r);
    }

    /** Adds an entry from any thread and wakes the loop if it sleeps. */
    void enqueueExternal(Runnable r) {
        inbox.offer(r);
        if (closed) {
            drainToReaper();
        } else if ((int) SLEEPING.getVolatile(this) == 1 && SLEEPING.compareAndSet(this, 1, 0)) {
            selector.wakeup();
        }
    }

    private void drainToReaper() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            Reaper.submit(r);
        }
    }

    Fiber newFiber(@Nullable Task<?> task, String name, Runnable body) {
        if (fastBuilder != null) {
            FastFiber f = new FastFiber(this, task);
            f.init(fastBuilder.name(name).unstarted(body));
            return f;
        }
        HandoffFiber f = new HandoffFiber(this, task);
        f.init(Thread.ofVirtual().name(name).unstarted(() -> {
            f.awaitGrant();
            try {
                body.run();
            } finally {
                f.finish();
            }
        }));
        return f;
    }

    /**
     * Returns a new fiber for a task (used by {@link Task}'s constructor).
     *
     * @param task the task
     * @param name the thread name
     * @param body what the thread runs
     * @return the fiber, not started
     */
    public Fiber newTaskFiber(Task<?> task, String name, Runnable body) {
        return newFiber(task, name, body);
    }

    /** Fast mode: runs a fiber's continuation at once on the loop thread. */
    void runFiberNow(FastFiber f) {
        capturing = true;
        try {
            f.resume();
        } finally {
            capturing = false;
        }
        runCaptured();
    }

    private void startRunnerNow(CallbackRunner r) {
        if (r.fiber instanceof HandoffFiber hf) {
            hf.thread().start();
            grantAndWait(hf);
            return;
        }
        capturing = true;
        try {
            r.fiber.thread().start();
        } finally {
            capturing = false;
        }
        runCaptured();
    }

    private void runCaptured() {
        Runnable c = captured;
        captured = null;
        if (c != null) {
            c.run();
        }
    }

    /** Compatibility mode: gives a fiber the run permit and waits until it gives it back or blocks outside. */
    void grantAndWait(HandoffFiber f) {
        holder = f;
        runningFiber = f;
        f.grant();
        // Most steps are short: with a second CPU to run the task, spin briefly before parking, which saves
        // a thread wake-up per step.
        if (HANDOFF_SPIN_NANOS > 0) {
            long spinUntil = System.nanoTime() + HANDOFF_SPIN_NANOS;
            while (holder == f && System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            }
        }
        while (holder == f) {
            LockSupport.parkNanos(this, 1_000_000L);
            if (holder == f && f.isBlockedOutside() && f.tryDetach()) {
                HOLDER.compareAndSet(this, f, null);
            }
        }
        if (Thread.currentThread() != loopThread) {
            runningFiber = null; // on the loop thread, runStep reports the step and then clears it
        }
    }

    /** Compatibility mode: the fiber gives the permit back. */
    void releasePermit(HandoffFiber f) {
        if (HOLDER.compareAndSet(this, f, null)) {
            Thread lt = loopThread;
            if (lt != null) {
                LockSupport.unpark(lt);
            }
        }
    }

    /**
     * Throws unless the caller may touch this loop's state: the loop thread, a fiber of this loop (which in
     * compatibility mode first re-attaches if a foreign blocking call detached it), or any thread while the
     * loop is not running.
     */
    public void checkThread() {
        Thread lt = loopThread;
        if (lt == null) {
            return;
        }
        Thread me = Thread.currentThread();
        if (me == lt) {
            return;
        }
        if (mode == SchedulingMode.FAST) {
            if (VirtualThreads.currentCarrier() == lt) {
                return;
            }
        } else {
            Fiber f = Fiber.current();
            if (f != null && f.loop == this && f.thread == me) {
                f.ensureAttached();
                return;
            }
        }
        throw new IllegalStateException("this loop's objects must be used from its own thread (loop "
                + id + " runs on " + lt.getName() + ", called from " + me.getName()
                + "); use callSoonThreadsafe from other threads");
    }

    /** How to wait for another loop's future, for the error that rejects awaiting it directly. */
    public static final String OTHER_LOOP_BRIDGE = "to wait for it, call its toCompletableFuture() on its own loop"
            + " (in one of its tasks or callbacks, or through that loop's callSoonThreadsafe) and await the result"
            + " here with Asyncio.await(completableFuture)";

    /**
     * Returns the task running now, for an await; throws when the caller is not a task of this loop.
     *
     * @return the current task
     */
    public Task<?> currentTaskForAwait() {
        Fiber f = Fiber.current();
        if (f == null || f.loop != this || f.thread != Thread.currentThread()) {
            throw new IllegalStateException(
                    f == null || f.thread != Thread.currentThread()
                            ? "await must be called from a task (use Asyncio.run or createTask)"
                            : "cannot await a future of another event loop (it belongs to loop " + id + "); "
                                    + OTHER_LOOP_BRIDGE);
        }
        Task<?> t = f.task;
        if (t == null) {
            throw new IllegalStateException("callbacks cannot await; start a task with createTask");
        }
        f.ensureAttached();
        return t;
    }

    /**
     * Throws unless the caller is a task of this loop: the check of {@link #currentTaskForAwait()} for calls that
     * may suspend but do not need the task itself.
     */
    public void requireTask() {
        currentTaskForAwait();
    }

    /**
     * Called by a task's own thread before its body runs.
     *
     * @param t the task
     */
    public void taskStarting(Task<?> t) {
        runningFiber = taskFiber(t);
    }

    /** Fast mode: a fiber resumed on the carrier; debug reports name it (cleared by runStep). */
    void fiberResumed(Fiber f) {
        if (debug) {
            runningFiber = f;
        }
    }

    /**
     * Called by a task's own thread after its body returned or threw, before it completes.
     *
     * @param t the task
     */
    public void taskEnding(Task<?> t) {
        Fiber f = taskFiber(t);
        f.ensureAttached();
        liveTasks.remove(t);
    }

    private static Fiber taskFiber(Task<?> t) {
        return TaskAccess.fiber(t);
    }

    /**
     * Returns whether a fiber is blocked in a call outside the loop (not suspended on a loop await).
     *
     * @param f the fiber
     * @return {@code true} if it is blocked elsewhere
     */
    public boolean isBlockedOutside(Fiber f) {
        if (f.suspended || f.thread == Thread.currentThread()) {
            return false;
        }
        return switch (f.thread.getState()) {
            case WAITING, TIMED_WAITING, BLOCKED -> true;
            default -> false;
        };
    }

    // ------------------------------------------------------------------------------------------------
    // callbacks and timers

    @Override
    public Handle callSoon(Runnable callback) {
        checkThread();
        checkOpen();
        CallbackHandle h = new CallbackHandle(callback, true, currentContext());
        ready.addLast(h);
        return h;
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
        ready.addLast(h);
        return h;
    }

    /**
     * Schedules an internal callback (library code that never blocks; runs on the carrier).
     *
     * @param callback the callback
     * @return the handle
     */
    public Handle callSoonInternal(Runnable callback) {
        CallbackHandle h = new CallbackHandle(callback, false, null);
        ready.addLast(h);
        return h;
    }

    @Override
    public Handle callSoonThreadsafe(Runnable callback) {
        checkOpen();
        CallbackHandle h = new CallbackHandle(callback, true, null);
        enqueueExternal(h);
        return h;
    }

    @Override
    public TimerHandle callLater(Duration delay, Runnable callback) {
        return callAt(clock.nanoTime() + saturatedNanos(delay), callback);
    }

    @Override
    public TimerHandle callAt(long deadline, Runnable callback) {
        checkThread();
        checkOpen();
        return timers.add(deadline, callback, true, currentContext());
    }

    /**
     * Schedules an internal timer (library code that never blocks; runs on the carrier).
     *
     * @param deadline when, on the loop's clock
     * @param callback the callback
     * @return the handle
     */
    public TimerHandle callAtInternal(long deadline, Runnable callback) {
        return timers.add(deadline, callback, false, null);
    }

    /**
     * Converts a duration to nanoseconds, saturating instead of overflowing.
     *
     * @param d the duration
     * @return nanoseconds
     */
    public static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }

    @Override
    public long time() {
        return clock.nanoTime();
    }

    private void checkOpen() {
        if (closed) {
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
        Task<T> t = TaskAccess.newTask(this, name, body, TaskAccess.inheritedContext(this));
        liveTasks.add(t);
        Fiber parent = options.eagerTasks() && running ? currentTaskFiber() : null;
        if (parent == null) {
            taskFiber(t).start();
        } else {
            startEagerly(parent, taskFiber(t));
        }
        return t;
    }

    private @Nullable Fiber currentTaskFiber() {
        Fiber f = Fiber.current();
        return f != null && f.loop == this && f.task != null && f.thread == Thread.currentThread() ? f : null;
    }

    /**
     * Eager start (asyncio 3.12's eager task factory): the creating task steps aside, the new task runs at once
     * up to its first suspension (or to its end), then the creator continues, before anything else the loop
     * has queued. Both are loop steps run back to back, so no other task or callback sees the difference.
     */
    private void startEagerly(Fiber parent, Fiber child) {
        Runnable firstStep;
        if (child instanceof HandoffFiber hc) {
            hc.thread().start();
            firstStep = hc.step;
        } else {
            capturing = true;
            try {
                child.thread().start();
            } finally {
                capturing = false;
            }
            Runnable c = captured;
            captured = null;
            if (c == null) {
                throw new IllegalStateException("the new task's first step was not handed to the loop");
            }
            firstStep = c;
        }
        ready.addFirst(new EagerStart(firstStep, parent));
        parent.suspend();
    }

    /** A ready-queue entry: a new task's first step, then its creator's continuation, back to back. */
    private final class EagerStart implements Runnable {
        private final Runnable firstStep;
        private final Fiber parent;

        EagerStart(Runnable firstStep, Fiber parent) {
            this.firstStep = firstStep;
            this.parent = parent;
        }

        @Override
        public void run() {
            runStep(firstStep);
            // the new task may itself have started tasks eagerly: they come first, innermost first
            while (ready.peekFirst() instanceof EagerStart nested) {
                ready.pollFirst();
                nested.run();
            }
            parent.runNow();
        }
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
            awaitable.addDoneCallback(f -> stop());
            runForever();
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
                CallbackRunner r = new CallbackRunner(this, ready);
                runner = r;
                startRunnerNow(r);
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
        return closed;
    }

    @Override
    public SchedulingMode schedulingMode() {
        return mode;
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
    Fiber runningFiber() {
        return runningFiber;
    }

    @Nullable
    CallbackRunner runner() {
        return runner;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // only the loop thread writes iterations
    private void runOnce() {
        drainInbox();
        boolean idle = ready.isEmpty() && !stopping;
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
                SLEEPING.setVolatile(this, 1);
                if (!inbox.isEmpty()) {
                    keys = pollNow();
                } else {
                    long ms = block == Long.MAX_VALUE ? 0 : Math.max(1, (block + 999_999) / 1_000_000);
                    keys = selector.select(onSelected, ms);
                }
                SLEEPING.setVolatile(this, 0);
            }
        } catch (IOException e) {
            callExceptionHandler(ExceptionContext.of("selector failed", e));
        }
        if (Thread.interrupted()) {
            onInterrupt.run();
        }
        if (mayJump && keys == 0 && inbox.isEmpty() && ready.isEmpty()) {
            clock.idle(deadline);
        }
        drainInbox();
        if (!timers.isEmpty()) { // reading the clock costs about a tenth of a task switch
            long now = clock.nanoTime();
            TimerEntry due;
            while ((due = timers.pollDue(now)) != null) {
                ready.addLast(due);
            }
        }
        int n = ready.size();
        while (n > 0) {
            Runnable r = ready.peekFirst();
            if (r instanceof CallbackHandle h && h.user) {
                n = runUserCallbacks(n);
            } else {
                ready.pollFirst();
                n--;
                runStep(r);
            }
        }
        iterations++;
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
            if (!taskFiber(t).suspended) {
                return false;
            }
        }
        return true;
    }

    private void drainInbox() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            ready.addLast(r);
        }
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

    private void runStep(Runnable r) {
        long start = debug ? System.nanoTime() : 0;
        try {
            r.run();
        } catch (Throwable e) {
            callExceptionHandler(new ExceptionContext("internal callback failed", e, null, r.toString()));
        }
        if (debug) {
            long took = System.nanoTime() - start;
            if (took > slowCallbackNanos) {
                Fiber f = runningFiber;
                LoopErrors.reportSlow(took, f != null && f.task != null ? f.task : r);
            }
        }
        // never keep a fiber (and its task) reachable after its step, nor blame it for the next one
        if (runningFiber != null) {
            runningFiber = null;
        }
    }

    private int runUserCallbacks(int budget) {
        CallbackRunner r = runner;
        if (r == null) {
            throw new IllegalStateException("no callback runner");
        }
        r.budget = budget;
        runningFiber = r.fiber;
        long start = debug ? System.nanoTime() : 0;
        r.fiber.runNow();
        runningFiber = null;
        if (debug) {
            long took = System.nanoTime() - start;
            if (took > slowCallbackNanos) {
                LoopErrors.reportSlow(took, "callbacks");
            }
        }
        int left = r.budget;
        if (!r.idle) {
            CallbackRunner fresh = new CallbackRunner(this, ready);
            runner = fresh;
            startRunnerNow(fresh);
        }
        return left;
    }

    /** Runs one user callback in the runner, sending failures to the exception handler. */
    void runCallback(Fiber runnerFiber, CallbackHandle h) {
        // kept per runner: a callback that blocks keeps its values while a replacement runner goes on
        runnerFiber.callbackContext = h.context;
        try {
            h.run();
        } catch (Throwable e) {
            callExceptionHandler(new ExceptionContext("exception in callback", e, null, h.callback.toString()));
        } finally {
            runnerFiber.callbackContext = null;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // close

    @Override
    public void close() {
        if (running) {
            throw new IllegalStateException("cannot close a running event loop");
        }
        if (closed) {
            return;
        }
        cancelAllTasks();
        List<Task<?>> leftovers = new ArrayList<>(liveTasks);
        closed = true;
        CallbackRunner r = runner;
        runner = null;
        if (r != null) {
            r.fiber.runNow();
        }
        drainToReaper();
        ready.clear();
        signals.removeAll();
        executors.shutdownOnClose();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the selector failed", e);
        }
        // Last: wake the tasks that outlived the close timeout; they see "event loop is closed" at their
        // await and end, one at a time, on the reaper thread.
        for (Task<?> t : leftovers) {
            LOG.log(System.Logger.Level.WARNING, "task destroyed while pending: " + t);
            Fiber f = taskFiber(t);
            if (f instanceof HandoffFiber hf) {
                Reaper.submit(hf::grantAfterClose);
            } else {
                f.resume();
            }
        }
    }

    /** Cancels every live task and runs the loop until they end or the close timeout passes. */
    private void cancelAllTasks() {
        if (liveTasks.isEmpty()) {
            return;
        }
        for (Task<?> t : new ArrayList<>(liveTasks)) {
            t.cancel("event loop is closing");
        }
        // the close timeout is real time, also under a virtual clock
        long deadline = System.nanoTime() + saturatedNanos(options.closeTimeout());
        Future<@Nullable Void> gate = createFuture();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (liveTasks.isEmpty() || System.nanoTime() > deadline) {
                    if (!gate.isDone()) {
                        gate.setResult(null);
                    }
                } else {
                    callLaterInternalPoll(this);
                }
            }
        };
        callSoonInternal(check);
        gate.addDoneCallback(f -> stop());
        runForever();
    }

    private void callLaterInternalPoll(Runnable r) {
        if (ready.isEmpty()) {
            callAtInternal(clock.nanoTime() + 1_000_000L, r);
        } else {
            callSoonInternal(r);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // executors (LoopExecutors)

    @Override
    public <T extends @Nullable Object> Future<T> runInExecutor(@Nullable Executor executor, Callable<T> work) {
        checkThread();
        checkOpen();
        return executors.runInExecutor(executor, work);
    }

    /** Runs an internal completion on the loop from another thread, or drops it if the loop closed. */
    private void deliver(Runnable r) {
        if (!closed) {
            enqueueExternal(new CallbackHandle(r, false, null));
        }
    }

    /**
     * Completes a loop future from another thread (dropped if the loop is closed).
     *
     * @param r code that completes a future; must not block
     */
    public void deliverFromThread(Runnable r) {
        deliver(r);
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

    // ------------------------------------------------------------------------------------------------
    // errors and debug (LoopErrors)

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

    /**
     * Reports, from the cleaner thread, a failed future whose exception nobody retrieved.
     *
     * @param message the message
     * @param exception the exception
     */
    public void reportUnretrieved(String message, Throwable exception) {
        errors.reportUnretrieved(message, exception);
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
        slowCallbackNanos = saturatedNanos(duration);
    }

    // ------------------------------------------------------------------------------------------------
    // signals and channels (ChannelRegistry)

    @Override
    public void addSignalHandler(String signal, Runnable callback) {
        checkOpen();
        signals.add(signal, callback);
    }

    @Override
    public boolean removeSignalHandler(String signal) {
        return signals.remove(signal);
    }

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

    void forget(IoSource s) {
        channels.forget(s);
    }

    @Override
    public void addReader(SelectableChannel channel, Runnable callback) {
        try {
            ioSource(channel).setReader(callback, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean removeReader(SelectableChannel channel) {
        checkThread();
        return channels.removeReader(channel);
    }

    @Override
    public void addWriter(SelectableChannel channel, Runnable callback) {
        try {
            ioSource(channel).setWriter(callback, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean removeWriter(SelectableChannel channel) {
        checkThread();
        return channels.removeWriter(channel);
    }
    // ------------------------------------------------------------------------------------------------
    // networking support (issue #5)

    /** The loop's one direct buffer for socket reads (lazily made; 256 KiB, as asyncio's read size). */
    private java.nio.@Nullable ByteBuffer readBuffer;

    /**
     * Returns the loop's shared direct read buffer: transports read into it and hand it to their protocol for
     * the duration of one callback. Loop-confined.
     *
     * @return the buffer (its state is whatever the last user left)
     */
    public java.nio.ByteBuffer readBuffer() {
        java.nio.ByteBuffer b = readBuffer;
        if (b == null) {
            b = java.nio.ByteBuffer.allocateDirect(256 * 1024);
            readBuffer = b;
        }
        return b;
    }

    /** The loop's pool of direct segments (issue #11; lazily made). */
    private io.jasyncio.internal.buffer.@Nullable SegmentPool segmentPool;

    /**
     * Returns the loop's pool of direct segments, which stream readers and socket write queues share.
     * Loop-confined.
     *
     * @return the pool
     */
    public io.jasyncio.internal.buffer.SegmentPool segmentPool() {
        io.jasyncio.internal.buffer.SegmentPool p = segmentPool;
        if (p == null) {
            p = new io.jasyncio.internal.buffer.SegmentPool(io.jasyncio.internal.buffer.SegmentPool.DEFAULT_MAX_BYTES);
            segmentPool = p;
        }
        return p;
    }

    @Override
    public String toString() {
        return "EventLoop[" + id + ", " + mode + (running ? ", running" : "") + (closed ? ", closed" : "") + ", tasks="
                + liveTasks.size() + "]";
    }
}
