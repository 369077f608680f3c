package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;

/**
 * The checks every call of an {@link AsyncFile} starts with: the caller runs on the file's loop, the file is
 * open and was opened for what the call does, and no other task is inside a call of the file. That last one
 * matters because a call suspends at its waits: two tasks interleaving at the read-ahead's awaits would take the
 * same block twice.
 *
 * <pre>
 *   idle --enter--> busy --exit--> idle         idle --enterClose--> busy (closed) --exit--> closed
 * </pre>
 *
 * <p>Loop-confined, like its file.
 */
final class FileGuard {
    private final EventLoop loop;
    /** The file, for messages. */
    private final Object file;

    private final boolean readable;
    private final boolean writable;
    /** A task is inside a call of the file (between two of its waits). */
    private boolean busy;

    private boolean closed;

    FileGuard(EventLoop loop, Object file, boolean readable, boolean writable) {
        this.loop = loop;
        this.file = file;
        this.readable = readable;
        this.writable = writable;
    }

    boolean isClosed() {
        return closed;
    }

    /** Starts a call: the right loop, open, and no other task inside. The caller calls {@link #exit} at its end. */
    void enter() throws ClosedChannelException {
        checkLoop();
        if (closed) {
            throw new ClosedChannelException();
        }
        checkIdle();
        busy = true;
    }

    /** Starts a call that reads: as {@link #enter}, and the file was opened for reading. */
    void enterReading() throws ClosedChannelException {
        enter();
        if (!readable) {
            busy = false;
            throw new NonReadableChannelException();
        }
    }

    /** Starts a call that writes: as {@link #enter}, and the file was opened for writing or appending. */
    void enterWriting() throws ClosedChannelException {
        enter();
        if (!writable) {
            busy = false;
            throw new NonWritableChannelException();
        }
    }

    /** Ends a call. */
    void exit() {
        busy = false;
    }

    /**
     * Starts {@code close} of an open file: the file is closed from now on, whatever happens; the caller calls
     * {@link #exit} at its end.
     *
     * @return {@code false} if the file's loop is closed: the file is then only marked closed (no task can be
     *     inside, and no job can run)
     */
    boolean enterClose() {
        if (loop.isClosed()) {
            closed = true;
            return false;
        }
        checkLoop();
        checkIdle();
        closed = true;
        busy = true;
        return true;
    }

    private void checkLoop() {
        EventLoop running = Asyncio.loop();
        if (running != loop) {
            throw new IllegalStateException(file + " belongs to " + loop + ", not to " + running
                    + ": use a file from tasks of the loop that opened it");
        }
    }

    private void checkIdle() {
        if (busy) {
            throw new IllegalStateException("another task is using " + file + "; use a file from one task at a time");
        }
    }
}
