package io.jasyncio.files;

import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.FutureState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The write side of an {@link AsyncFile}: the bytes written and not yet handed to the executor (one buffer of
 * {@value #SIZE} bytes, bound for one offset), and the write jobs handed over whose outcome was not checked yet.
 *
 * <p>A write that fits is copied in and costs no thread hop. The file hands the buffer over when it is full
 * (after waiting for the previous one: at most one buffer in flight, which bounds memory and slows a writer down
 * to the disk), when a write goes elsewhere, and before any read, size or truncation. A failure of a job nobody
 * waited for is thrown by the next {@link #await}, as a buffered stream reports it at flush.
 *
 * <p>Loop-confined, like its file; the jobs touch only the arrays handed to them.
 */
final class WriteBuffer {
    /** The buffer's size, and the size from which a write is handed over whole. */
    static final int SIZE = 64 * 1024;

    private final FileChannel channel;
    /** The file's jobs, in order. */
    private final Executor jobs;
    /** Writes go to their offset; otherwise (append mode, a pipe) the system puts them in sequence. */
    private final boolean positional;
    /** The bytes not handed over yet; {@code null} when there are none. */
    private byte @Nullable [] buffer;
    /** How many bytes {@link #buffer} holds. */
    private int length;
    /** The file offset of {@code buffer[0]}. */
    private long at;
    /** Write (and close) jobs handed over whose outcome was not checked yet, oldest first. */
    private final ArrayDeque<Future<?>> pending = new ArrayDeque<>();

    WriteBuffer(FileChannel channel, Executor jobs, boolean positional) {
        this.channel = channel;
        this.jobs = jobs;
        this.positional = positional;
    }

    /**
     * Takes the remaining bytes of {@code src}, bound for {@code position}: copies them into the buffer, handing it
     * over first when they do not fit or go elsewhere; {@value #SIZE} bytes or more are copied and handed over
     * whole.
     *
     * <p><b>Cancellation:</b> this waits only while the buffer in flight is written; a cancelled call took none of
     * the bytes ({@code src} is unchanged); otherwise it took them all.
     *
     * @return how many bytes it took
     * @throws IOException if an earlier write failed
     */
    int write(ByteBuffer src, long position) throws IOException {
        int n = src.remaining();
        if (n == 0) {
            return 0;
        }
        if ((positional && length > 0 && at + length != position) || n > SIZE - length) {
            await(); // at most one buffer in flight; a cancellation here has taken nothing
            handOver();
        }
        if (n >= SIZE) {
            byte[] copy = new byte[n];
            src.get(copy);
            submit(copy, n, position);
            return n;
        }
        byte[] b = buffer;
        if (b == null) {
            b = new byte[SIZE];
            buffer = b;
        }
        if (length == 0) {
            at = position;
        }
        src.get(b, length, n);
        length += n;
        return n;
    }

    /** Hands the buffered bytes to the executor, without waiting. */
    void handOver() {
        byte[] b = buffer;
        if (b == null || length == 0) {
            return;
        }
        submit(b, length, at);
        buffer = null; // the job owns it now
        length = 0;
    }

    /**
     * Hands the buffered bytes over and waits until everything written so far is in the file.
     *
     * <p><b>Cancellation:</b> the writes go on; a failure is thrown by the next call that waits for them.
     */
    void flush() throws IOException {
        handOver();
        await();
    }

    /**
     * Hands the buffered bytes over, then the close of the channel to {@code closer}, and waits for both.
     *
     * <p><b>Cancellation:</b> the writes and the close go on; as nobody will call again, their failures go to the
     * loop's exception handler.
     */
    void close(Executor closer, EventLoop loop, Path path) throws IOException {
        handOver();
        FileChannel ch = channel;
        pending.add(FileWork.submit(closer, () -> {
            ch.close();
            return null;
        }));
        try {
            await();
        } catch (CancelledException e) {
            reportWhenDone(loop, path);
            throw e;
        }
    }

    /** Hands {@code bytes[0, length)}, bound for {@code offset}, to the executor; the job owns the array. */
    private void submit(byte[] bytes, int length, long offset) {
        FileChannel ch = channel;
        boolean pos = positional;
        pending.add(FileWork.submit(jobs, () -> {
            writeFully(ch, bytes, length, offset, pos);
            return null;
        }));
    }

    private static void writeFully(FileChannel ch, byte[] bytes, int length, long at, boolean positional)
            throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
        while (b.position() < length) { // not hasRemaining(): the limit is the current slice's end
            b.limit(Math.min(length, b.position() + BlockReads.SLICE));
            if (positional) {
                ch.write(b, at + b.position());
            } else {
                ch.write(b);
            }
        }
    }

    /**
     * Waits until every job handed over so far has ended, then throws the first failure among them (once).
     *
     * <p><b>Cancellation:</b> the jobs go on and stay to be checked by the next call.
     */
    private void await() throws IOException {
        Future<?> last = pending.peekLast();
        if (last == null) {
            return;
        }
        if (!last.isDone()) {
            try {
                FileWork.await(last); // the jobs run in order: when the last ended, all did
            } catch (CancelledException e) {
                throw e; // the waiting task was cancelled (the jobs themselves never are): they stay to be checked
            } catch (IOException | RuntimeException e) {
                // the job's own failure: collected below with the others, in order
            }
        }
        Throwable first = null;
        while (!pending.isEmpty() && pending.getFirst().isDone()) {
            Future<?> w = pending.removeFirst();
            if (w.state() == FutureState.FAILED) {
                Throwable e = w.exceptionNow();
                if (first == null) {
                    first = e;
                } else if (e != null && e != first) {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error err) {
            throw err;
        }
    }

    /** After a cancelled close nobody will call again: the jobs' failures go to the loop's exception handler. */
    private void reportWhenDone(EventLoop loop, Path path) {
        for (Future<?> w : pending) {
            w.addDoneCallback(f -> {
                if (f.state() == FutureState.FAILED) {
                    loop.callExceptionHandler(ExceptionContext.of(
                            "writing or closing " + path + " failed after its close was cancelled", f.exceptionNow()));
                }
            });
        }
        pending.clear();
    }
}
