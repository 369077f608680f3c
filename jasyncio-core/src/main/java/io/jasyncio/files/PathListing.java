package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The entries of a directory ({@link AsyncFiles#list}) or a file tree ({@link AsyncFiles#walk}), read in
 * batches on the file executor while the task waits: a plain {@code for} loop over it suspends the task once per
 * batch of {@value #BATCH} paths, not per path. Close it (try-with-resources) to release the directory handles.
 *
 * {@snippet :
 * try (PathListing tree = AsyncFiles.walk(root)) {
 *     for (Path p : tree) {
 *         System.out.println(p);
 *     }
 * }
 * }
 *
 * <p>It can be iterated once ({@link IllegalStateException} for a second {@link #iterator()}, as
 * {@link java.nio.file.DirectoryStream}). Errors while reading come out of the iterator as
 * {@link java.io.UncheckedIOException}, as from {@link java.nio.file.Files#walk}.
 *
 * <h2>Cancellation</h2>
 * A cancelled {@code hasNext} loses no entry: the batch being read stays for the next call.
 *
 * <h2>Thread safety</h2>
 * Loop-confined: use it from tasks of the loop that opened it.
 */
public final class PathListing implements Iterable<Path>, AutoCloseable {
    /** How many paths one job reads. */
    static final int BATCH = 512;

    private final EventLoop loop;
    /** The listing's jobs, in order. */
    private final Executor jobs;
    /** The JDK's stream and its iterator, touched only by this listing's jobs. */
    private final Stream<Path> stream;

    private final Iterator<Path> source;
    /** Paths read and not yet returned. */
    private final ArrayDeque<Path> batch = new ArrayDeque<>();
    /** The batch being read, kept across a cancelled wait. */
    private @Nullable Future<List<Path>> pending;

    private boolean exhausted;
    private boolean iterated;
    private boolean closed;

    private PathListing(EventLoop loop, Executor pool, Stream<Path> stream) {
        this.loop = loop;
        this.jobs = new SerialExecutor(pool);
        this.stream = stream;
        this.source = stream.iterator();
    }

    /** Opens the stream on the executor; a listing nobody waits for any more is closed. */
    static PathListing open(Executor pool, FileWork.IoCallable<Stream<Path>> opener) throws IOException {
        EventLoop loop = Asyncio.loop();
        return FileWork.open(pool, () -> new PathListing(loop, pool, opener.call()), PathListing::closeNow);
    }

    private void closeNow() {
        stream.close();
    }

    @Override
    public Iterator<Path> iterator() {
        checkLoop();
        if (iterated) {
            throw new IllegalStateException("a listing can be iterated once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                checkLoop();
                if (!batch.isEmpty()) {
                    return true;
                }
                if (closed) {
                    throw new IllegalStateException("the listing is closed");
                }
                while (batch.isEmpty() && !exhausted) {
                    readBatch();
                }
                return !batch.isEmpty();
            }

            @Override
            public Path next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.removeFirst();
            }
        };
    }

    private void readBatch() {
        Future<List<Path>> f = pending;
        if (f == null) {
            Iterator<Path> it = source;
            f = FileWork.submit(jobs, () -> {
                List<Path> paths = new ArrayList<>(BATCH);
                while (paths.size() < BATCH && it.hasNext()) {
                    paths.add(it.next());
                }
                return paths;
            });
            pending = f;
        }
        List<Path> paths;
        try {
            paths = FileWork.await(f);
        } catch (CancelledException e) {
            throw e; // the batch stays pending: the next hasNext takes it
        } catch (IOException e) {
            pending = null;
            throw FileWork.unchecked(e);
        } catch (RuntimeException | Error e) {
            pending = null; // UncheckedIOException from the JDK's iterator, as it is
            throw e;
        }
        pending = null;
        batch.addAll(paths);
        exhausted = paths.size() < BATCH;
    }

    /**
     * Closes the listing (its directory handles). Idempotent.
     *
     * <p><b>Cancellation:</b> the listing is closed all the same; only the wait ends.
     *
     * @throws IOException never in practice (the JDK's close reports nothing); declared for the executor's sake
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        batch.clear();
        if (loop.isClosed()) {
            closeNow();
            return;
        }
        checkLoop();
        Future<List<Path>> f = pending;
        if (f != null) {
            pending = null;
            FileWork.discard(f);
        }
        FileWork.call(jobs, () -> {
            closeNow();
            return null;
        });
    }

    private void checkLoop() {
        EventLoop running = Asyncio.loop();
        if (running != loop) {
            throw new IllegalStateException("this listing belongs to " + loop + ", not to " + running);
        }
    }

    @Override
    public String toString() {
        return "PathListing[" + (closed ? "closed" : exhausted ? "exhausted" : "open") + ", buffered=" + batch.size()
                + "]";
    }
}
