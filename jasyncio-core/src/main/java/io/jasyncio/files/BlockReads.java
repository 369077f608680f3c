package io.jasyncio.files;

import io.jasyncio.files.ReadAhead.Segment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The blocking reads of a file, run on its executor for {@link ReadAhead}: a block at an offset (cut into pieces
 * for chunks), one read of a pipe or device, the rest of a file. Each job touches only the arrays it is given or
 * makes, and returns them to the loop with its future.
 */
final class BlockReads {
    /**
     * The most one system call reads or writes. The JDK copies a heap buffer through a direct one as large as the
     * call: 256 KiB keeps both in the core's cache (1 MiB calls measured 15% slower than 256 KiB ones).
     */
    static final int SLICE = 256 * 1024;
    /** The largest array the JVM allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private BlockReads() {}

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

    /**
     * Reads up to {@code size} bytes at {@code at} into new arrays of {@code pieces} bytes each (0: one array, or
     * {@code reuse} if it has the size), fewer only at the end of the file.
     */
    static Block read(FileChannel ch, long at, int size, int pieces, byte @Nullable [] reuse) throws IOException {
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

    /**
     * Reads up to {@code size} bytes at {@code at} into a direct buffer (no copy through a temporary one), fewer
     * only at the end of the file.
     */
    static Block readDirect(FileChannel ch, long at, int size, ByteBuffer buffer) throws IOException {
        ByteBuffer b = buffer.clear().limit(size);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                break;
            }
        }
        int n = b.position();
        return new Block(n > 0 ? List.of(new Segment(buffer, n)) : List.of(), n, n < size);
    }

    /** Reads a pipe or device once, which waits until some bytes are there or the end came. */
    static Block readSome(FileChannel ch, int size) throws IOException {
        byte[] a = new byte[size];
        int n = ch.read(ByteBuffer.wrap(a));
        return new Block(n > 0 ? List.of(new Segment(a, 0, n)) : List.of(), Math.max(n, 0), n < 0);
    }

    /** Reads from {@code at} to the end of the file, past the size seen first if it grew. */
    static byte[] readToEnd(FileChannel ch, long at) throws IOException {
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

    /** Reads a pipe or device until its end. */
    static byte[] readToEnd(FileChannel ch) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(ReadAhead.BLOCK);
        while (ch.read(b.clear()) >= 0) {
            all.write(b.array(), 0, b.position());
        }
        return all.toByteArray();
    }
}
