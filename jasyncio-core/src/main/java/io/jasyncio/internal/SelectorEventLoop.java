package io.jasyncio.internal;

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
import io.jasyncio.internal.net.NetLoop;
import io.jasyncio.internal.net.NioNetworking;
import io.jasyncio.internal.process.JdkSubprocesses;
import io.jasyncio.net.Networking;
import io.jasyncio.process.Subprocesses;
import io.jasyncio.spi.Cancellable;
import io.jasyncio.spi.Fiber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The built-in loop: a selector, a timer heap and a ready queue, run by one carrier thread. It implements the public
 * {@link EventLoop} and the seam ({@link io.jasyncio.spi.LoopCore}, documented there) that futures, tasks, sync
 * primitives and transports use; {@code EventLoop.open} finds it through {@link SelectorLoopFactory}.
 *
 * <p>Its parts: the {@link FiberScheduler} runs the tasks and the {@link CallbackRunner}, one step at a time; the
 * {@link RunQueue} holds what runs next; the {@link SelectorPoller} owns the selector and the channel registrations;
 * {@link LiveTasks}, {@link LoopErrors}, {@link LoopExecutors}, {@link Signals} and {@link LoopDebug} own the tasks,
 * the exception handler, the executors, the signal handlers and debug mode; {@link LoopClose} closes the loop;
 * {@link NioNetworking} is its networking.
 *
 * <h2>One iteration</h2>
 * <pre>
 *   drain inbox -> select (block only if nothing is ready) -> drain inbox -> due timers to ready
 *   -> run the entries that were ready at this point (new ones wait for the next iteration)
 * </pre>
 * Ready entries are task continuations (fast mode: the JDK hands them to {@link FiberScheduler#execute}),
 * compatibility-mode steps, internal callbacks (run on the carrier) and user callbacks (run in the callback runner).
 */
public final class SelectorEventLoop implements NetLoop {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");
    private static final AtomicInteger LOOP_IDS = new AtomicInteger();

    static {
        JdkPoller.initialise();
    }

    private final LoopOptions options;
    private final LoopClock clock;
    final int id = LOOP_IDS.incrementAndGet();
    // the parts (package-private where the others use them)
    private final SelectorPoller poller;
    private final TimerQueue timers = new TimerQueue(this);
    final RunQueue queue;
    final FiberScheduler scheduler;
    final LiveTasks liveTasks = new LiveTasks();
    final LoopErrors errors = new LoopErrors(this);
    final LoopDebug debug;
    private final Signals signals = new Signals(this);
    private final LoopExecutors executors = new LoopExecutors(this, id);

    /** The thread running the loop, or {@code null}; written by that thread, read by every thread. */
    private volatile @Nullable Thread loopThread;
    /** Written by the thread running the loop (and by close); read by every thread. */
    private volatile boolean running;
    /** Set by {@link #stop()} from any thread; cleared by the loop thread when it stops. */
    private volatile boolean stopping;
    /** Written by the loop thread only (read by the watchdog). */
    private volatile long iterations;
    /** The fiber that runs user callbacks (replaced when a callback blocks it); loop thread only. */
    private @Nullable CallbackRunner runner;
    /** What an interrupt of the loop thread does (default: stop the loop); loop-confined. */
    private Runnable onInterrupt = this::stop;
    /**
     * An interrupt of the loop thread seen before a step; loop thread only. Fast mode must look before every
     * step: mounting a virtual thread on the carrier clears the carrier's interrupt status, so an interrupt left
     * for the next {@code select} to notice would be lost by then.
     */
    private boolean interruptSeen;
    /** The loop's networking, handed out as its {@link Networking} part. */
    private final NioNetworking networking = new NioNetworking(this);
    /** The loop's subprocess support, handed out as its {@link Subprocesses} part. */
    private final JdkSubprocesses subprocesses = new JdkSubprocesses(this);

    /** Opens a loop; use {@link EventLoop#open(LoopOptions)}. */
    public SelectorEventLoop(LoopOptions options) {
        this.options = options;
        this.clock = options.clock();
        this.debug = new LoopDebug(this, options.debug(), options.slowCallbackDuration());
        SchedulingMode mode = FiberScheduler.chooseMode(options.mode());
        try {
            this.poller = new SelectorPoller(this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.queue = new RunQueue(new Reaper(id), poller::wakeup);
        this.scheduler = new FiberScheduler(this, queue, mode);
    }

    @Nullable
    Thread loopThreadOrNull() {
        return loopThread;
    }

    @Nullable
    CallbackRunner runner() {
        return runner;
    }

    // ------------------------------------------------------------------------------------------------
    // tasks

    @Override
    public void checkThread() {
        // the common cases inline (the loop thread; in fast mode a task on it), as this runs at every confined call
        Thread lt = loopThread;
        if (lt != null && Thread.currentThread() != lt && !(scheduler.fast && VirtualThreads.currentCarrier() == lt)) {
            scheduler.checkOtherThread(lt);
        }
    }

    @Override
    public Fiber fiberForAwait() {
        return scheduler.fiberForAwait();
    }

    @Override
    public void afterUserCode() {
        scheduler.afterUserCode();
    }

    @Override
    public String nextTaskName() {
        return liveTasks.nextName();
    }

    @Override
    public Fiber newTaskFiber(Object task, String name, Runnable body) {
        checkThread();
        checkOpen();
        liveTasks.counted();
        return scheduler.newFiber((Task<?>) task, name, body, currentContext());
    }

    @Override
    public void startTask(Fiber fiber) {
        LoopFiber f = (LoopFiber) fiber;
        liveTasks.add(f);
        LoopFiber parent = options.eagerTasks() && running ? scheduler.currentTaskFiber() : null;
        if (parent == null) {
            f.start();
        } else {
            scheduler.startEagerly(parent, f);
        }
    }

    @Override
    public void taskStarting(Fiber fiber) {
        scheduler.running((LoopFiber) fiber);
    }

    @Override
    public void taskEnding(Fiber fiber) {
        LoopFiber f = (LoopFiber) fiber;
        f.ensureAttached();
        if (!queue.isClosed()) { // after close, leftovers end on reaper threads; close emptied the set
            liveTasks.remove(f);
        }
    }

    @Override
    public Set<Task<?>> allTasks() {
        checkThread();
        return liveTasks.tasks();
    }

    @Override
    public String dumpTasks() {
        checkThread();
        return liveTasks.dump(id);
    }

    // ------------------------------------------------------------------------------------------------
    // callbacks and timers

    @Override
    public Handle callSoon(Runnable callback) {
        return callSoon(callback, currentContext());
    }

    @Override
    public void callSoonWithContext(Runnable callback, @Nullable Object context) {
        callSoon(callback, context);
    }

    private Handle callSoon(Runnable callback, @Nullable Object context) {
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
    public Cancellable callSoonInternal(Runnable callback) {
        CallbackHandle h = new CallbackHandle(callback, false, null);
        if (queue.isClosed()) {
            h.cancel(); // nothing runs callbacks any more: do not grow a dead queue
        } else {
            queue.add(h);
        }
        return h;
    }

    @Override
    public void deliverFromThread(Runnable completion) {
        if (!queue.isClosed()) {
            queue.addExternal(new CallbackHandle(completion, false, null));
        }
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

    @Override
    public Cancellable callAtInternal(long deadline, Runnable callback) {
        if (queue.isClosed()) {
            TimerEntry dead = new TimerEntry(deadline, 0, callback, false, null, timers);
            dead.cancel(); // never added: the heap of a closed loop is not run
            return dead;
        }
        return timers.add(deadline, callback, false, null);
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
    // running

    @Override
    public void runForever() {
        checkOpen();
        if (running) {
            throw new IllegalStateException("this event loop is already running");
        }
        boolean compat = scheduler.mode() == SchedulingMode.COMPAT;
        if (compat || Thread.currentThread().isVirtual()) {
            // Fast mode: the loop thread is its tasks' carrier, a platform thread. Compatibility mode: a virtual
            // thread of its own, so that the loop and its tasks pass the CPU to one another as virtual threads do,
            // without an OS thread switch per step; an interrupt of the caller is passed on to it.
            PlatformThreads.runOnNewThread(
                    (compat ? Thread.ofVirtual() : Thread.ofPlatform()).name("jasyncio-loop-" + id),
                    this::run,
                    compat ? null : this::stop);
        } else {
            run();
        }
    }

    /** Runs the loop on the calling thread until stopped. */
    private void run() {
        if (running) {
            throw new IllegalStateException("this event loop is already running");
        }
        loopThread = Thread.currentThread();
        running = true;
        debug.loopStarted();
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
            debug.loopStopped();
        }
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // only the loop thread writes iterations
    private void runOnce() {
        queue.drainInbox();
        boolean idle = queue.isEmpty() && !stopping;
        long deadline = idle ? timers.nextDeadline() : Long.MAX_VALUE;
        long block = idle ? clock.maxBlockNanos(deadline) : 0;
        boolean mayJump = false;
        if (idle && clock.isVirtual() && deadline != Long.MAX_VALUE) {
            // a virtual clock jumps only when nothing else can happen; otherwise wait (really) for a while
            mayJump = !executors.hasJobsInFlight() && liveTasks.allSuspended();
            if (!mayJump) {
                block = Math.max(block, 1_000_000L);
            }
        }
        int keys = 0;
        try {
            keys = poller.poll(block, queue);
        } catch (IOException e) {
            callExceptionHandler(ExceptionContext.of("selector failed", e));
        }
        if (Thread.interrupted() || interruptSeen) {
            interruptSeen = false;
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

    /** Runs one ready-queue entry on the carrier; reports a failure and, in debug mode, a slow step. */
    void runStep(@Nullable Runnable r) {
        if (r == null) {
            return;
        }
        noteInterrupt();
        long start = debug.stepStarted();
        try {
            r.run();
        } catch (Throwable e) {
            callExceptionHandler(new ExceptionContext("internal callback failed", e, null, r.toString()));
        }
        if (start != 0) {
            LoopFiber f = scheduler.runningFiber();
            Task<?> t = f != null ? f.ownTask() : null;
            debug.stepEnded(start, t != null ? t : r);
        }
        scheduler.stepEnded();
    }

    /** Keeps an interrupt of the loop thread that the next step's mount would clear (see {@link #interruptSeen}). */
    private void noteInterrupt() {
        if (Thread.interrupted()) {
            interruptSeen = true;
        }
    }

    /** Runs the user callbacks at the head of the queue in the runner; replaces a runner that a callback blocked. */
    private int runUserCallbacks(int budget) {
        CallbackRunner r = runner;
        if (r == null) {
            throw new IllegalStateException("no callback runner");
        }
        noteInterrupt();
        int left = r.runBatch(budget);
        if (r.isBlocked()) {
            CallbackRunner fresh = new CallbackRunner(this, queue, scheduler);
            runner = fresh;
            scheduler.startNow(fresh.fiber);
        }
        return left;
    }

    @Override
    public void setInterruptAction(Runnable action) {
        onInterrupt = action;
    }

    @Override
    public void stop() {
        stopping = true;
        if (loopThread != null && Thread.currentThread() != loopThread) {
            poller.wakeup();
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

    LoopOptions options() {
        return options;
    }

    /** How many iterations the loop has run (the watchdog's sign of life). */
    long iterations() {
        return iterations;
    }

    // ------------------------------------------------------------------------------------------------
    // close (LoopClose)

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
            poller.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the selector failed", e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // served by the parts

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
    public boolean awaitExecutorTermination(Duration timeout) {
        return executors.awaitTermination(timeout);
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
    public void reportUnretrieved(String message, Throwable exception) {
        errors.reportUnretrieved(message, exception);
    }

    @Override
    public void trackUnretrieved(Consumer<String> report) {
        errors.trackUnretrieved(report);
    }

    @Override
    public void untrackUnretrieved(Consumer<String> report) {
        errors.untrackUnretrieved(report);
    }

    @Override
    public void setDebug(boolean on) {
        checkThread();
        debug.set(on);
    }

    @Override
    public boolean isDebug() {
        return debug.isOn();
    }

    @Override
    public Duration slowCallbackDuration() {
        return debug.slowDuration();
    }

    @Override
    public void setSlowCallbackDuration(Duration duration) {
        debug.setSlowDuration(duration);
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
    public SelectorIoSource ioSource(SelectableChannel channel) throws IOException {
        checkThread();
        checkOpen();
        return poller.ioSource(channel);
    }

    /** How many channel registrations the poller keeps (its leak check in the tests). */
    int registrations() {
        return poller.registrations();
    }

    @Override
    public ByteBuffer readBuffer() {
        return poller.readBuffer();
    }

    @Override
    public void addReader(SelectableChannel channel, Runnable callback) {
        ioSourceUnchecked(channel).setReader(callback, true);
    }

    @Override
    public boolean removeReader(SelectableChannel channel) {
        checkThread();
        return poller.removeReader(channel);
    }

    @Override
    public void addWriter(SelectableChannel channel, Runnable callback) {
        ioSourceUnchecked(channel).setWriter(callback, true);
    }

    @Override
    public boolean removeWriter(SelectableChannel channel) {
        checkThread();
        return poller.removeWriter(channel);
    }

    private SelectorIoSource ioSourceUnchecked(SelectableChannel channel) {
        try {
            return ioSource(channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public <T> @Nullable T component(Class<T> type) {
        if (type == Networking.class) {
            return type.cast(networking);
        }
        return type == Subprocesses.class ? type.cast(subprocesses) : null;
    }

    @Override
    public String toString() {
        return "EventLoop[" + id + ", " + scheduler.mode() + (running ? ", running" : "")
                + (isClosed() ? ", closed" : "") + ", tasks=" + liveTasks.size() + "]";
    }
}
