package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of a file read ahead of its position, so that a task reading it line by line or in small chunks pays
 * one thread hop per block, not per call.
 *
 * <p>Invariants: {@link #segments} hold the bytes from the file's position on, consecutively ({@link #buffered}
 * of them); at most one fetch (a block read on the file's executor) is in flight, at {@link #fetchAt}. Reading
 * consumes from the front; a fetch appends a block at the back. Once two blocks in a row were read sequentially,
 * each block that arrives starts the fetch of the next one, so the file's thread reads block n+1 while the task
 * decodes block n. Memory: the blocks not yet consumed plus one in flight (lines longer than a block add theirs).
 *
 * <p>Cancellation: a fetch is never cancelled with the task waiting for it ({@link FileWork#await} is shielded). A
 * cancelled wait leaves the fetch in place and the next {@link #fill} takes its block, so no byte is read twice or
 * lost and the position does not move.
 *
 * <p>Loop-confined, like its {@link AsyncFile}; the fetch jobs touch only their own new array.
 */
final class ReadAhead {
    /** The size of a fetch (more when a single read asks for more). */
    static final int BLOCK = 256 * 1024;
    /** The most one system call reads or writes: the JDK copies heap buffers through a direct one this large. */
    static final int SLICE = 1024 * 1024;
    /** The largest array the JVM allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final FileChannel channel;
    private final Executor jobs;
    /**
     * A regular file: blocks are read at their offset, and read ahead. Otherwise (a pipe, a device) each fetch is
     * one plain read of what is there, made only when a caller needs more.
     */
    private final boolean seekable;
    /** Consecutive bytes from the file's position on. */
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    /** The number of bytes in {@link #segments}. */
    private long buffered;
    /** The fetch in flight (or done and not yet taken), or {@code null}. */
    private @Nullable Future<Block> fetch;
    /** Where {@link #fetch} reads from. */
    private long fetchAt;
    /** Where the last block taken ended: a fetch that starts there is sequential. */
    private long sequentialEnd = -1;

    /** Bytes of a block read on the file's executor, and whether the file ended after them. */
    static final class Block {
        final byte[] bytes;
        final int length;
        final boolean eof;

        Block(byte[] bytes, int length, boolean eof) {
            this.bytes = bytes;
            this.length = length;
            this.eof = eof;
        }
    }

    /** A part of a block not consumed yet: {@code a[pos, end)}. */
    static final class Segment {
        final byte[] a;
        int pos;
        final int end;

        Segment(byte[] a, int pos, int end) {
            this.a = a;
            this.pos = pos;
            this.end = end;
        }
    }

    ReadAhead(FileChannel channel, Executor jobs, boolean seekable) {
        this.channel = channel;
        this.jobs = jobs;
        this.seekable = seekable;
    }

    /** The number of bytes read ahead. */
    long buffered() {
        return buffered;
    }

    /** The first segment, or {@code null} when nothing is buffered. */
    @Nullable
    Segment first() {
        return segments.peekFirst();
    }

    /**
     * Reads ahead until at least {@code want} bytes are buffered, or the file ends.
     *
     * <p><b>Cancellation:</b> the fetch in flight stays for the next call; what was buffered stays buffered.
     *
     * @param position the file offset of the first buffered byte (the file's position)
     * @param want how many bytes the caller needs
     * @return {@code false} if the file ended before {@code want} bytes were buffered
     */
    boolean fill(long position, long want) throws IOException {
        while (buffered < want) {
            long at = position + buffered;
            Future<Block> f = fetch;
            if (f == null || fetchAt != at) {
                dropFetch();
                f = start(at, (int) Math.min(MAX_ARRAY, Math.max(BLOCK, want - buffered)));
            }
            boolean ready = f.isDone();
            Block b;
            try {
                b = FileWork.await(f);
            } catch (CancelledException e) {
                throw e; // the fetch goes on and stays in place: the next fill takes its block
            } catch (IOException | RuntimeException | Error e) {
                fetch = null; // failed: the next fill tries again
                throw e;
            }
            fetch = null;
            if (b.length > 0) {
                segments.add(new Segment(b.bytes, 0, b.length));
                buffered += b.length;
            }
            boolean sequential = at == sequentialEnd;
            sequentialEnd = at + b.length;
            if (b.eof) {
                return buffered >= want;
            }
            if (sequential && seekable) {
                start(at + b.length, BLOCK); // read the next block while the task uses this one
            }
            if (ready) {
                // This block was there without a suspension: step aside once per block, so that a task reading a
                // large file does not hold the loop for the whole file.
                Asyncio.sleep(Duration.ZERO);
            }
        }
        return true;
    }

    private Future<Block> start(long at, int size) {
        FileChannel ch = channel;
        Future<Block> f = seekable
                ? FileWork.submit(jobs, () -> read(ch, at, size))
                : FileWork.submit(jobs, () -> readSome(ch, Math.min(size, BLOCK)));
        fetch = f;
        fetchAt = at;
        return f;
    }

    /** The fetch job: reads up to {@code size} bytes at {@code at} into a new array, fewer only at end of file. */
    private static Block read(FileChannel ch, long at, int size) throws IOException {
        byte[] a = new byte[size];
        ByteBuffer b = ByteBuffer.wrap(a);
        while (b.hasRemaining()) {
            b.limit(Math.min(size, b.position() + SLICE));
            if (ch.read(b, at + b.position()) < 0) {
                break;
            }
        }
        return new Block(a, b.position(), b.position() < size);
    }

    /** The fetch job of a pipe or device: one read, which waits until some bytes are there or the end came. */
    private static Block readSome(FileChannel ch, int size) throws IOException {
        byte[] a = new byte[size];
        int n = ch.read(ByteBuffer.wrap(a));
        return new Block(a, Math.max(n, 0), n < 0);
    }

    /** Whether a read of a pipe or device is waiting for bytes (it may wait for ever). */
    boolean isWaitingOnStream() {
        Future<Block> f = fetch;
        return !seekable && f != null && !f.isDone();
    }

    /** Forgets the fetch in flight (it still runs; its outcome is dropped). */
    void dropFetch() {
        Future<Block> f = fetch;
        if (f != null) {
            fetch = null;
            FileWork.discard(f);
        }
    }

    /** Forgets everything read ahead (the file was written, or the position moved away). */
    void drop() {
        segments.clear();
        buffered = 0;
        dropFetch();
    }

    /** Consumes {@code n <= buffered} bytes. */
    void skip(long n) {
        long left = n;
        while (left > 0) {
            Segment s = segments.getFirst();
            int k = (int) Math.min(left, s.end - s.pos);
            s.pos += k;
            left -= k;
            if (s.pos == s.end) {
                segments.removeFirst();
            }
        }
        buffered -= n;
    }

    /** Consumes {@code n <= buffered} bytes into {@code dst[off...]}. */
    void take(byte[] dst, int off, int n) {
        peek(dst, off, 0, n);
        skip(n);
    }

    /** Consumes {@code n <= buffered} bytes into {@code dst}. */
    void take(ByteBuffer dst, int n) {
        int left = n;
        while (left > 0) {
            Segment s = segments.getFirst();
            int k = Math.min(left, s.end - s.pos);
            dst.put(s.a, s.pos, k);
            s.pos += k;
            left -= k;
            if (s.pos == s.end) {
                segments.removeFirst();
            }
        }
        buffered -= n;
    }

    /** Copies {@code n} buffered bytes from offset {@code from} (relative to the position), consuming nothing. */
    void peek(byte[] dst, int off, long from, int n) {
        long skip = from;
        int done = 0;
        for (Segment s : segments) {
            int len = s.end - s.pos;
            if (skip >= len) {
                skip -= len;
                continue;
            }
            int k = (int) Math.min(n - done, len - skip);
            System.arraycopy(s.a, s.pos + (int) skip, dst, off + done, k);
            done += k;
            skip = 0;
            if (done == n) {
                return;
            }
        }
    }

    /**
     * Finds the first line break at or after {@code from} (a multiple of the code unit, relative to the
     * position).
     *
     * @return its offset relative to the position, or -1
     */
    long find(LineSyntax syntax, long from) {
        if (syntax.unit > 1) {
            coalesce(); // a code unit may straddle two blocks; text in such charsets is rare enough to copy
        }
        long base = 0;
        for (Segment s : segments) {
            int len = s.end - s.pos;
            if (from < base + len) {
                int start = s.pos + (int) Math.max(0, from - base);
                int i = syntax.find(s.a, start, s.end);
                if (i >= 0) {
                    return base + i - s.pos;
                }
            }
            base += len;
        }
        return -1;
    }

    /** Whether a line feed follows at {@code rel} (relative to the position; {@code rel + unit <= buffered}). */
    boolean isLf(LineSyntax syntax, long rel) {
        long base = 0;
        for (Segment s : segments) {
            int len = s.end - s.pos;
            if (rel < base + len) {
                return syntax.isLf(s.a, s.pos + (int) (rel - base));
            }
            base += len;
        }
        return false;
    }

    /** Whether the line break at {@code rel} is a carriage return. */
    boolean isCr(LineSyntax syntax, long rel) {
        long base = 0;
        for (Segment s : segments) {
            int len = s.end - s.pos;
            if (rel < base + len) {
                return syntax.isCr(s.a, s.pos + (int) (rel - base));
            }
            base += len;
        }
        return false;
    }

    /** Joins every segment into one. */
    private void coalesce() {
        if (segments.size() > 1) {
            byte[] all = new byte[Math.toIntExact(buffered)];
            peek(all, 0, 0, all.length);
            segments.clear();
            segments.add(new Segment(all, 0, all.length));
        }
    }
}
