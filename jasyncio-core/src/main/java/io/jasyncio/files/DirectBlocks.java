package io.jasyncio.files;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers of {@value #SIZE} bytes for the blocks {@link AsyncFile#chunkBuffers} reads, shared by every
 * file of the process, of which at most {@value #KEEP} are kept.
 *
 * <p>Why direct: the JDK reads into a heap buffer through a temporary direct one and copies, so a heap block costs
 * the file's thread two copies of every byte, a direct block one. Why a pool: a direct buffer's memory is freed
 * only when the garbage collector finds the buffer unreachable, and allocating one zeroes it; a file opened,
 * read and closed ten thousand times must neither pile them up nor pay that each time.
 *
 * <p>A file takes a buffer for each direct fetch, keeps the consumed ones as its own spares (a chunk handed out
 * stays valid until the reader moves on, so a buffer goes to no other file meanwhile), and gives them back here
 * when it drops its read-ahead (a write, a seek away, {@code close}) or when a dropped fetch ends. Buffers beyond
 * {@value #KEEP} are left to the garbage collector.
 *
 * <h2>Thread safety</h2>
 * Thread-safe: files of different loops share the pool.
 */
final class DirectBlocks {
    /** The capacity of every buffer: the largest block a fetch reads. */
    static final int SIZE = ReadAhead.BIG_BLOCK;
    /** How many free buffers are kept: enough for one file reading in sequence (one block used, the rest ahead). */
    static final int KEEP = ReadAhead.DEPTH + 1;

    /** The free buffers; guarded by itself. */
    private static final ArrayDeque<ByteBuffer> FREE = new ArrayDeque<>();
    /** How many buffers were allocated (for tests). */
    private static final AtomicLong ALLOCATED = new AtomicLong();

    private DirectBlocks() {}

    /** A free buffer, or a new one. */
    static ByteBuffer take() {
        ByteBuffer b;
        synchronized (FREE) {
            b = FREE.poll();
        }
        if (b == null) {
            ALLOCATED.incrementAndGet();
            b = ByteBuffer.allocateDirect(SIZE);
        }
        return b;
    }

    /** Gives back a buffer nothing refers to any more. */
    static void give(ByteBuffer b) {
        synchronized (FREE) {
            if (FREE.size() < KEEP) {
                FREE.push(b);
            }
        }
    }

    /** How many buffers were allocated so far (for tests). */
    static long allocated() {
        return ALLOCATED.get();
    }

    /** How many free buffers are kept (for tests). */
    static int free() {
        synchronized (FREE) {
            return FREE.size();
        }
    }
}
