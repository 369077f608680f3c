package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Future;
import io.jasyncio.files.BlockReads.Block;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of a file read ahead of its position, so that a task reading it line by line or in small chunks pays
 * one thread hop per block, not per call.
 *
 * <p>Invariants: {@link #segments} hold the bytes from the file's position on, consecutively ({@link #buffered}
 * of them); {@link #fetches} (block reads on the file's executor, run one after another) continue them without a
 * gap. Reading consumes from the front; a fetch appends its block at the back. Once two blocks in a row were read
 * sequentially, up to {@value #DEPTH} fetches are kept in flight, so the file's thread reads the next blocks
 * while the task decodes the current one; for chunks the blocks also grow, from {@link #BLOCK} to
 * {@link #BIG_BLOCK}. Memory: the blocks not consumed plus {@value #DEPTH} in flight, at most three blocks
 * (lines longer than a block add theirs).
 *
 * <p>Blocks are arrays, except for {@link AsyncFile#chunkBuffers}, whose blocks are {@link DirectBlocks} (one copy
 * less on the file's thread; its chunks are views of them). Every consumer reads both kinds, except the line
 * search, which works on arrays: it has {@link #toHeap} copy direct blocks first (text read after such chunks).
 *
 * <p>A fetch may cut its block into pieces of a caller's size, each its own array: {@link AsyncFile#chunks}
 * then gets those arrays whole, without a copy. The reads themselves are {@link BlockReads}'; the lines are
 * {@link TextReader}'s.
 *
 * <p>Cancellation: a fetch is never cancelled with the task waiting for it ({@link FileWork#await} is shielded). A
 * cancelled wait leaves the fetches in place and the next {@link #fill} takes their blocks, so no byte is read
 * twice or lost and the position does not move.
 *
 * <p>Loop-confined, like its {@link AsyncFile}; the fetch jobs touch only their own new arrays.
 */
final class ReadAhead {
    /** The size of a fetch for text and small reads (more when a single read asks for more). */
    static final int BLOCK = 256 * 1024;
    /**
     * The largest fetch, for chunks: fewer thread hops per byte (each costs a wake-up of the loop and of a file
     * thread); going from 1 to 4 MiB took {@code chunkBuffers} from 69–92% to 86% of a blocking loop's speed
     * (docs/benchmarks.md).
     */
    static final int BIG_BLOCK = 4 * 1024 * 1024;
    /** The smallest piece worth its own array; smaller chunks are copied out of a block. */
    static final int MIN_PIECE = 4096;
    /** How many fetches run ahead of a sequential reader. */
    static final int DEPTH = 2;

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
    /** Fetches in flight (or done and not taken yet), in file order, continuing {@link #segments}. */
    private final ArrayDeque<Fetch> fetches = new ArrayDeque<>();
    /** Where the last block taken ended: a fetch that starts there is sequential. */
    private long sequentialEnd = -1;
    /** How many blocks in a row were taken sequentially: chunk fetches grow with it. */
    private int streak;
    /**
     * Arrays of {@link #BLOCK} to {@link #BIG_BLOCK} bytes whose bytes were all consumed (copied out or decoded),
     * for the next fetches: a file read from end to end reuses a few arrays instead of allocating (and zeroing)
     * one per block.
     */
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    /**
     * Direct blocks whose bytes were all consumed, for the next direct fetches; they go back to
     * {@link DirectBlocks} when the read-ahead is dropped (then no chunk handed out refers to them any more).
     */
    private final ArrayDeque<ByteBuffer> directSpare = new ArrayDeque<>();
    /** How many of {@link #segments} are direct. */
    private int directSegments;

    /**
     * A block being read: {@code size} bytes at {@code at}, cut into pieces of {@code piece} bytes (0: one), into
     * {@code direct} if not {@code null}.
     */
    private record Fetch(
            Future<Block> future,
            long at,
            int size,
            int piece,
            @Nullable ByteBuffer direct) {}

    /** A part of a block not consumed yet: {@code a[pos, end)}, or {@code direct}'s bytes there. */
    static final class Segment {
        private static final byte[] NONE = new byte[0];

        /** The bytes; empty for a direct segment. */
        final byte[] a;
        /** The bytes of a direct segment ({@link #a} is then empty), or {@code null}. */
        final @Nullable ByteBuffer direct;

        int pos;
        final int end;

        Segment(byte[] a, int pos, int end) {
            this.a = a;
            this.direct = null;
            this.pos = pos;
            this.end = end;
        }

        /** The first {@code end} bytes of a direct buffer. */
        Segment(ByteBuffer direct, int end) {
            this.a = NONE;
            this.direct = direct;
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

    /** The segments, first to last, for a search that consumes nothing. */
    Iterable<Segment> segments() {
        return segments;
    }

    // ------------------------------------------------------------------------------------------------
    // consuming: a method of the file calls one of these with the file's position

    /**
     * Consumes up to {@code n} bytes, reading ahead as needed: exactly {@code n} unless the file ends first.
     *
     * <p><b>Cancellation:</b> consumes nothing.
     *
     * @param piece a chunk reader's chunk size, to have blocks read in pieces of it that are returned without a
     *     copy; 0 otherwise
     */
    byte[] read(long position, int n, int piece) throws IOException {
        if (buffered < n) {
            fill(position, n, piece, piece > 0 ? BIG_BLOCK : BLOCK, false);
        }
        Segment s = segments.peekFirst();
        if (s != null && s.pos == 0 && s.end == n && s.a.length == n) { // a piece read for this chunk
            segments.removeFirst();
            buffered -= n;
            return s.a;
        }
        int len = (int) Math.min(n, buffered);
        byte[] bytes = new byte[len];
        take(bytes, 0, len);
        return bytes;
    }

    /**
     * Consumes bytes into {@code dst}, up to its remaining space, reading ahead as needed.
     *
     * <p><b>Cancellation:</b> consumes nothing; {@code dst} is unchanged.
     *
     * @return how many bytes, or -1 at the end of the file
     */
    int read(long position, ByteBuffer dst) throws IOException {
        int n = dst.remaining();
        if (buffered < n) {
            fill(position, n, 0, BLOCK, false);
        }
        int len = (int) Math.min(n, buffered);
        if (len == 0 && n > 0) {
            return -1;
        }
        int left = len;
        while (left > 0) {
            Segment s = segments.getFirst();
            int k = Math.min(left, s.end - s.pos);
            ByteBuffer d = s.direct;
            if (d != null) {
                dst.put(dst.position(), d, s.pos, k).position(dst.position() + k);
            } else {
                dst.put(s.a, s.pos, k);
            }
            s.pos += k;
            left -= k;
            if (s.pos == s.end) {
                removeFirst();
            }
        }
        buffered -= len;
        return len;
    }

    /**
     * Consumes up to {@code n} bytes, reading ahead in large direct blocks as needed, and returns them as a
     * read-only view: of the block itself when they lie in one, else of {@code scratch[0]} (grown as needed) into
     * which they are copied. Valid until the next call that reads ahead or consumes: the block is then reused.
     *
     * <p><b>Cancellation:</b> consumes nothing.
     *
     * @return the view, or {@code null} at the end of the file
     */
    @Nullable
    ByteBuffer view(long position, int n, byte[][] scratch) throws IOException {
        if (buffered < n) {
            fill(position, n, 0, BIG_BLOCK, true);
        }
        if (buffered == 0) {
            return null;
        }
        int len = (int) Math.min(n, buffered);
        Segment s = segments.getFirst();
        if (s.end - s.pos >= len) {
            ByteBuffer d = s.direct;
            ByteBuffer v = d != null
                    ? d.slice(s.pos, len).asReadOnlyBuffer()
                    : ByteBuffer.wrap(s.a, s.pos, len).slice().asReadOnlyBuffer();
            s.pos += len;
            buffered -= len;
            if (s.pos == s.end) {
                removeFirst();
            }
            return v;
        }
        byte[] sc = scratch[0];
        if (sc.length < len) {
            sc = new byte[len];
            scratch[0] = sc;
        }
        take(sc, 0, len);
        return ByteBuffer.wrap(sc, 0, len).slice().asReadOnlyBuffer();
    }

    /**
     * Reads the rest of the file in one job and consumes it with what was read ahead.
     *
     * <p><b>Cancellation:</b> consumes nothing.
     *
     * @return everything from the position to the end
     */
    byte[] readRest(long position) throws IOException {
        long at = position + buffered;
        dropFetches(); // this job reads everything itself
        FileChannel ch = channel;
        boolean positional = seekable;
        byte[] rest = FileWork.call(jobs, () -> positional ? BlockReads.readToEnd(ch, at) : BlockReads.readToEnd(ch));
        int ahead = (int) buffered;
        if ((long) ahead + rest.length > BlockReads.MAX_ARRAY) {
            throw new OutOfMemoryError("Required array size too large");
        }
        if (ahead == 0) {
            return rest;
        }
        byte[] all = new byte[ahead + rest.length];
        take(all, 0, ahead);
        System.arraycopy(rest, 0, all, ahead, rest.length);
        return all;
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
                removeFirst();
            }
        }
        buffered -= n;
    }

    /** Consumes {@code n <= buffered} bytes into {@code dst[off...]}. */
    private void take(byte[] dst, int off, int n) {
        peek(dst, off, 0, n);
        skip(n);
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
            ByteBuffer d = s.direct;
            if (d != null) {
                d.get(s.pos + (int) skip, dst, off + done, k);
            } else {
                System.arraycopy(s.a, s.pos + (int) skip, dst, off + done, k);
            }
            done += k;
            skip = 0;
            if (done == n) {
                return;
            }
        }
    }

    /** Joins every segment into one array (a search for code units wider than a byte; arrays only). */
    void coalesce() {
        if (segments.size() > 1 || directSegments > 0) {
            join();
        }
    }

    /** Makes every segment an array (the line search works on arrays): copies direct blocks, if any. */
    void toHeap() {
        if (directSegments > 0) {
            join();
        }
    }

    private void join() {
        byte[] all = new byte[Math.toIntExact(buffered)];
        peek(all, 0, 0, all.length);
        Segment s;
        while ((s = segments.poll()) != null) {
            recycle(s);
        }
        segments.add(new Segment(all, 0, all.length));
    }

    // ------------------------------------------------------------------------------------------------
    // fetching

    /**
     * Reads ahead until at least {@code want} bytes are buffered, or the file ends.
     *
     * <p><b>Cancellation:</b> the fetches in flight stay for the next call; what was buffered stays buffered.
     *
     * @param position the file offset of the first buffered byte (the file's position)
     * @param want how many bytes the caller needs
     * @param piece the size of the pieces a caller will take whole (chunks), or 0
     * @param block how much to read per fetch: {@link #BLOCK} for text and small reads, {@link #BIG_BLOCK} for
     *     chunks (fewer thread hops per byte)
     * @param direct whether new fetches read into direct blocks (for views; a copy less)
     * @return {@code false} if the file ended before {@code want} bytes were buffered
     */
    boolean fill(long position, long want, int piece, int block, boolean direct) throws IOException {
        int pieces = piece >= MIN_PIECE ? piece : 0;
        while (buffered < want) {
            long at = position + buffered;
            Fetch head = fetches.peekFirst();
            if (head == null || head.at() != at) {
                dropFetches();
                head = start(at, fetchSize(want - buffered, pieces, grown(block)), pieces, direct);
            }
            boolean ready = head.future().isDone();
            Block b;
            try {
                b = FileWork.await(head.future());
            } catch (CancelledException e) {
                throw e; // the fetch goes on and stays in place: the next fill takes its block
            } catch (IOException | RuntimeException | Error e) {
                dropFetches(); // failed: the next fill tries again
                throw e;
            }
            fetches.removeFirst();
            ByteBuffer d = head.direct();
            if (d != null && b.length == 0) {
                directSpare.push(d); // nothing read into it
            } else if (d != null) {
                directSegments++;
            }
            segments.addAll(b.pieces);
            buffered += b.length;
            boolean sequential = at == sequentialEnd;
            sequentialEnd = at + b.length;
            streak = sequential ? streak + 1 : 0;
            if (b.eof) {
                dropFetches(); // they read past the end
                return buffered >= want;
            }
            if (sequential && seekable) {
                while (fetches.size() < DEPTH) { // read the next blocks while the task uses this one
                    Fetch last = fetches.peekLast();
                    start(
                            last == null ? sequentialEnd : last.at() + last.size(),
                            fetchSize(0, pieces, grown(block)),
                            pieces,
                            direct);
                }
            }
            if (ready) {
                // This block was there without a suspension: step aside once per block, so that a task reading a
                // large file does not hold the loop for the whole file.
                Asyncio.sleep(Duration.ZERO);
            }
        }
        return true;
    }

    /**
     * The block size for a reader allowed up to {@code block}: it starts at {@link #BLOCK} and doubles with each
     * block read in sequence, as the kernel's read-ahead window grows. Short reads never make large blocks; a long
     * scan soon pays one thread hop per {@link #BIG_BLOCK}.
     */
    private int grown(int block) {
        return (int) Math.min(block, (long) BLOCK << Math.min(streak, 8));
    }

    private static int fetchSize(long need, int pieces, int block) {
        long size = Math.max(Math.max(block, pieces), need);
        if (pieces > 0) {
            size = (size + pieces - 1) / pieces * pieces; // whole pieces
        }
        return (int) Math.min(BlockReads.MAX_ARRAY - pieces, size);
    }

    private Fetch start(long at, int size, int pieces, boolean direct) {
        FileChannel ch = channel;
        Future<Block> f;
        ByteBuffer buffer = null;
        if (!seekable) {
            f = FileWork.submit(jobs, () -> BlockReads.readSome(ch, Math.min(size, BLOCK)));
        } else if (direct && pieces == 0 && size <= DirectBlocks.SIZE) {
            ByteBuffer b = directSpare.isEmpty() ? DirectBlocks.take() : directSpare.pop();
            buffer = b;
            f = FileWork.submit(jobs, () -> BlockReads.readDirect(ch, at, size, b));
        } else {
            byte[] reuse = pieces == 0 ? spare(size) : null;
            f = FileWork.submit(jobs, () -> BlockReads.read(ch, at, size, pieces, reuse));
        }
        Fetch fetch = new Fetch(f, at, size, pieces, buffer);
        fetches.add(fetch);
        return fetch;
    }

    /** Whether a read of a pipe or device is waiting for bytes (it may wait for ever). */
    boolean isWaitingOnStream() {
        Fetch f = fetches.peekFirst();
        return !seekable && f != null && !f.future().isDone();
    }

    /** Forgets the fetches in flight (they still run; their outcomes are dropped). */
    void dropFetches() {
        Fetch f;
        while ((f = fetches.poll()) != null) {
            FileWork.discard(f.future());
            ByteBuffer d = f.direct();
            if (d != null) {
                // the job may still be reading into it: it goes back only when the job ended
                if (f.future().isDone()) {
                    DirectBlocks.give(d);
                } else {
                    f.future().addDoneCallback(done -> DirectBlocks.give(d));
                }
            }
        }
    }

    /** Forgets everything read ahead (the file was written, or the position moved away). */
    void drop() {
        Segment s;
        while ((s = segments.poll()) != null) {
            recycle(s);
        }
        buffered = 0;
        dropFetches();
        ByteBuffer d;
        while ((d = directSpare.poll()) != null) {
            DirectBlocks.give(d); // no chunk handed out refers to it any more: this is a new call on the file
        }
    }

    /** Removes the first segment, all consumed. */
    private void removeFirst() {
        recycle(segments.removeFirst());
    }

    /**
     * Keeps a consumed block for a later fetch; nothing else refers to it (whole pieces never come here), except a
     * chunk view handed out by this call, valid until the reader's next call: a later fetch of this file is one.
     */
    private void recycle(Segment s) {
        ByteBuffer d = s.direct;
        if (d != null) {
            directSegments--;
            directSpare.push(d);
            if (directSpare.size() > DEPTH + 1) {
                DirectBlocks.give(directSpare.removeLast()); // the oldest: consumed before this call
            }
        } else if (s.a.length >= BLOCK && s.a.length <= BIG_BLOCK) {
            spare.push(s.a);
            if (spare.size() > DEPTH + 1) {
                // the oldest go: while chunk blocks grow, the small early ones would never be used again
                spare.removeLast();
            }
        }
    }

    /** A spare array of {@code size} bytes, or {@code null}. */
    private byte @Nullable [] spare(int size) {
        for (Iterator<byte[]> it = spare.iterator(); it.hasNext(); ) {
            byte[] a = it.next();
            if (a.length == size) {
                it.remove();
                return a;
            }
        }
        return null;
    }
}
