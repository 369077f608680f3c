package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * <p>A fetch may cut its block into pieces of a caller's size, each its own array: {@link AsyncFile#chunks}
 * then hands those arrays out whole, without copying them.
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
    /**
     * The most one system call reads or writes. The JDK copies a heap buffer through a direct one as large as the
     * call: 256 KiB keeps both in the core's cache (1 MiB calls measured 15% slower than 256 KiB ones).
     */
    static final int SLICE = 256 * 1024;
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
    /** Fetches in flight (or done and not taken yet), in file order, continuing {@link #segments}. */
    private final ArrayDeque<Fetch> fetches = new ArrayDeque<>();
    /** Where the last block taken ended: a fetch that starts there is sequential. */
    private long sequentialEnd = -1;
    /** How many blocks in a row were taken sequentially: chunk fetches grow with it. */
    private int streak;
    /**
     * Arrays of {@link #BLOCK} or {@link #BIG_BLOCK} bytes whose bytes were all consumed (copied out or decoded), for the next fetches:
     * a file read from end to end reuses a few arrays instead of allocating (and zeroing) one per block.
     */
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();

    /** A block read on the file's executor, in pieces, and whether the file ended after it. */
    static final class Block {
        final List<Segment> pieces;
        final int length;
        final boolean eof;

        Block(List<Segment> pieces, int length, boolean eof) {
            this.pieces = pieces;
            this.length = length;
            this.eof = eof;
        }
    }

    /** A block being read: {@code size} bytes at {@code at}, cut into pieces of {@code piece} bytes (0: one). */
    private record Fetch(Future<Block> future, long at, int size, int piece) {}

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

    /** The length of the line {@link #readLine} returned last, with its line break: what it consumed. */
    private long lastLineLength;

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
     * <p><b>Cancellation:</b> the fetches in flight stay for the next call; what was buffered stays buffered.
     *
     * @param position the file offset of the first buffered byte (the file's position)
     * @param want how many bytes the caller needs
     * @param piece the size of the pieces a caller will take whole (chunks), or 0
     * @param block how much to read per fetch: {@link #BLOCK} for text and small reads, {@link #BIG_BLOCK} for
     *     chunks (fewer thread hops per byte)
     * @return {@code false} if the file ended before {@code want} bytes were buffered
     */
    boolean fill(long position, long want, int piece, int block) throws IOException {
        int pieces = piece >= MIN_PIECE ? piece : 0;
        while (buffered < want) {
            long at = position + buffered;
            Fetch head = fetches.peekFirst();
            if (head == null || head.at() != at) {
                dropFetches();
                head = start(at, fetchSize(want - buffered, pieces, grown(block)), pieces);
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
            for (Segment s : b.pieces) {
                segments.add(s);
            }
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
                            pieces);
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
        return (int) Math.min(MAX_ARRAY - pieces, size);
    }

    private Fetch start(long at, int size, int pieces) {
        FileChannel ch = channel;
        byte[] reuse = pieces == 0 ? spare(size) : null;
        Future<Block> f = seekable
                ? FileWork.submit(jobs, () -> read(ch, at, size, pieces, reuse))
                : FileWork.submit(jobs, () -> readSome(ch, Math.min(size, BLOCK)));
        Fetch fetch = new Fetch(f, at, size, pieces);
        fetches.add(fetch);
        return fetch;
    }

    /**
     * The fetch job: reads up to {@code size} bytes at {@code at} into new arrays (or {@code reuse}), fewer only at
     * end of file.
     */
    private static Block read(FileChannel ch, long at, int size, int pieces, byte @Nullable [] reuse)
            throws IOException {
        int pieceSize = pieces > 0 ? pieces : size;
        List<Segment> out = new ArrayList<>(size / pieceSize + 1);
        int total = 0;
        while (total < size) {
            int len = Math.min(pieceSize, size - total);
            byte[] a = reuse != null && reuse.length == len ? reuse : new byte[len];
            ByteBuffer b = ByteBuffer.wrap(a);
            while (b.position() < len) { // not hasRemaining(): the limit is the current slice's end
                b.limit(Math.min(len, b.position() + SLICE));
                if (ch.read(b, at + total + b.position()) < 0) {
                    break;
                }
            }
            int n = b.position();
            if (n > 0) {
                out.add(new Segment(a, 0, n));
            }
            total += n;
            if (n < len) {
                return new Block(out, total, true);
            }
        }
        return new Block(out, total, false);
    }

    /** The fetch job of a pipe or device: one read, which waits until some bytes are there or the end came. */
    private static Block readSome(FileChannel ch, int size) throws IOException {
        byte[] a = new byte[size];
        int n = ch.read(ByteBuffer.wrap(a));
        return new Block(n > 0 ? List.of(new Segment(a, 0, n)) : List.of(), Math.max(n, 0), n < 0);
    }

    /**
     * Reads the rest of the file in one job and consumes it with what was read ahead.
     *
     * <p><b>Cancellation:</b> consumes nothing.
     *
     * @param position the file offset of the first buffered byte
     * @return everything from the position to the end
     */
    byte[] readRest(long position) throws IOException {
        long at = position + buffered;
        dropFetches(); // this job reads everything itself
        FileChannel ch = channel;
        boolean positional = seekable;
        byte[] rest = FileWork.call(jobs, () -> positional ? readToEnd(ch, at) : readToEnd(ch));
        int ahead = (int) buffered;
        if ((long) ahead + rest.length > MAX_ARRAY) {
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

    /** The body of {@link #readRest}: reads from {@code at} to the end, past the size seen first if it grew. */
    private static byte[] readToEnd(FileChannel ch, long at) throws IOException {
        long expected = Math.max(0, ch.size() - at);
        if (expected > MAX_ARRAY) {
            throw new OutOfMemoryError("Required array size too large");
        }
        byte[] a = new byte[(int) expected];
        int n = 0;
        while (true) {
            if (n == a.length) { // the size seen first is reached: look for more
                byte[] more = new byte[8192];
                int r = ch.read(ByteBuffer.wrap(more), at + n);
                if (r < 0) {
                    return a;
                }
                if ((long) n + r > MAX_ARRAY) {
                    throw new OutOfMemoryError("Required array size too large");
                }
                a = Arrays.copyOf(a, (int) Math.min(MAX_ARRAY, Math.max(n + (long) r, 2L * n)));
                System.arraycopy(more, 0, a, n, r);
                n += r;
                continue;
            }
            int r = ch.read(ByteBuffer.wrap(a, n, Math.min(a.length - n, SLICE)), at + n);
            if (r < 0) {
                return Arrays.copyOf(a, n);
            }
            n += r;
        }
    }

    /** The body of {@link #readRest} for a pipe or device: reads until the end. */
    private static byte[] readToEnd(FileChannel ch) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(ReadAhead.BLOCK);
        while (ch.read(b.clear()) >= 0) {
            all.write(b.array(), 0, b.position());
        }
        return all.toByteArray();
    }

    /**
     * Reads, decodes and consumes a line: up to {@code \n}, {@code \r\n} or {@code \r} (not returned), or the
     * rest of the file; {@link #lastLineLength()} then says how many bytes it consumed.
     *
     * <p><b>Cancellation:</b> consumes nothing (a line that fails to decode neither).
     *
     * @param position the file offset of the first buffered byte
     * @return the line, or {@code null} at the end of the file
     */
    @Nullable
    String readLine(long position, LineSyntax syntax, LineDecoder dec) throws IOException {
        lastLineLength = 0;
        long from = 0; // the bytes before it hold no line break
        boolean more = true;
        while (true) {
            long i = find(syntax, from);
            if (i >= 0) {
                int u = syntax.unit;
                if (!isCr(syntax, i)) {
                    return takeLine(dec, syntax, i, u);
                }
                if (i + 2L * u <= buffered) {
                    return takeLine(dec, syntax, i, isLf(syntax, i + u) ? 2 * u : u);
                }
                if (!more) {
                    return takeLine(dec, syntax, i, u);
                }
                from = i; // a \r at the very end: is a \n next?
            } else {
                if (!more) {
                    return buffered == 0 ? null : takeLine(dec, syntax, buffered, 0);
                }
                from = buffered - buffered % syntax.unit;
            }
            more = fill(position, buffered + syntax.unit, 0, BLOCK);
        }
    }

    /** What the last {@link #readLine} consumed, in bytes. */
    long lastLineLength() {
        return lastLineLength;
    }

    /** Decodes the line of {@code length} bytes at the front, then consumes it and its break. */
    private String takeLine(LineDecoder dec, LineSyntax syntax, long length, int breakLength) throws IOException {
        if (length > MAX_ARRAY) {
            throw new IOException("line longer than 2 GiB");
        }
        int len = (int) length;
        Segment s = segments.peekFirst();
        String line;
        if (s != null && s.end - s.pos >= len) {
            line = dec.decode(syntax.charset, s.a, s.pos, len);
        } else {
            byte[] bytes = new byte[len];
            peek(bytes, 0, 0, len);
            line = dec.decode(syntax.charset, bytes, 0, len);
        }
        // decoded without error: now consume (a malformed line stays for a retry with another policy)
        skip(length + breakLength);
        lastLineLength = length + breakLength;
        return line;
    }

    /** Whether a read of a pipe or device is waiting for bytes (it may wait for ever). */
    boolean isWaitingOnStream() {
        Fetch f = fetches.peekFirst();
        return !seekable && f != null && !f.future().isDone();
    }

    /**
     * Takes the first {@code n} bytes as they are when they fill a piece's own array (no copy).
     *
     * @return the array, or {@code null} when the bytes must be copied
     */
    byte @Nullable [] takeWhole(int n) {
        Segment s = segments.peekFirst();
        if (s == null || s.pos != 0 || s.end != n || s.a.length != n) {
            return null;
        }
        segments.removeFirst();
        buffered -= n;
        return s.a;
    }

    /** Forgets the fetches in flight (they still run; their outcomes are dropped). */
    void dropFetches() {
        Fetch f;
        while ((f = fetches.poll()) != null) {
            FileWork.discard(f.future());
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
    }

    /** Keeps a consumed block's array for a later fetch; nothing else refers to it (whole pieces never come here). */
    private void recycle(Segment s) {
        if (s.a.length >= BLOCK && s.a.length <= BIG_BLOCK) {
            spare.push(s.a);
            if (spare.size() > DEPTH + 1) {
                // the oldest go: while chunk blocks grow, the small early ones would never be used again
                spare.removeLast();
            }
        }
    }

    /** A spare array of {@code size} bytes, or {@code null}. */
    private byte @Nullable [] spare(int size) {
        for (java.util.Iterator<byte[]> it = spare.iterator(); it.hasNext(); ) {
            byte[] a = it.next();
            if (a.length == size) {
                it.remove();
                return a;
            }
        }
        return null;
    }

    /** Removes the first segment, all consumed. */
    private void removeFirst() {
        recycle(segments.removeFirst());
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

    /**
     * Consumes up to {@code n} buffered bytes and returns them as a read-only view: of the block itself when they
     * lie in one, else of {@code scratch} (grown as needed) into which they are copied. Valid until the next call
     * that reads ahead or consumes: the block's array is then reused.
     */
    ByteBuffer view(int n, byte[][] scratch) {
        int len = (int) Math.min(n, buffered);
        Segment s = segments.getFirst();
        ByteBuffer v;
        if (s.end - s.pos >= len) {
            v = ByteBuffer.wrap(s.a, s.pos, len).slice().asReadOnlyBuffer();
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
                removeFirst();
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
            Segment s;
            while ((s = segments.poll()) != null) {
                recycle(s);
            }
            segments.add(new Segment(all, 0, all.length));
        }
    }
}
