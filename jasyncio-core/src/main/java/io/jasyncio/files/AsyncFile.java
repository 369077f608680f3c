package io.jasyncio.files;

import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.internal.iteration.Lookahead;
import io.jasyncio.net.Networking;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * An open file read and written from a task without blocking the loop (aiofiles' file object). Open one with
 * {@link AsyncFiles#open}; close it with try-with-resources:
 *
 * {@snippet :
 * try (AsyncFile f = AsyncFiles.open(path)) {
 *     for (String line : f.lines()) {   // async for line in f: suspends the task, never the loop
 *         handle(line);
 *     }
 * }
 * }
 *
 * <h2>How it works</h2>
 * Every system call runs on the loop's file executor, one call of this file at a time, in order (a read issued
 * after a write sees it). The file keeps its own position: reads and writes are positional, so the channel's
 * position is never used (except with {@link java.nio.file.StandardOpenOption#APPEND}, where the system appends).
 * Reads fetch blocks of 256 KiB (growing to 4 MiB for chunks) ahead of the position and serve {@link #readLine}, {@link #lines()},
 * {@link #read(int)} and {@link #chunks} from them, decoding and splitting lines in the task: a loop over
 * millions of lines pays one thread hop per block. Writes collect in a 64 KiB buffer handed to the executor when
 * it is full (while the next one fills) and on {@link #flush}, {@link #close} or any read.
 *
 * <h2>Text</h2>
 * Lines end at {@code \n}, {@code \r\n} or {@code \r} and come without them (as {@code BufferedReader}'s).
 * The charset is UTF-8 unless given; malformed input throws {@link java.nio.charset.MalformedInputException}
 * unless a {@link CodingErrorAction} says to replace or ignore it. A line that fails to decode is not consumed:
 * read it again with {@code CodingErrorAction.REPLACE}, or as bytes. Lines are split in bytes and decoded one by
 * one, so {@link #position()} stays exact between text and byte reads; charsets whose line breaks are not
 * self-contained code units are refused (none of the common ones).
 *
 * <h2>Cancellation</h2>
 * A thread cannot be stopped inside a system call, so a cancelled method's system call may still complete; what
 * it leaves behind is defined per method and always consistent with {@link #position()}:
 * <ul>
 *   <li>reads: nothing is consumed and the position does not move; bytes the read had fetched stay read ahead
 *       and the next read returns them;
 *   <li>writes: a write took either all of its bytes (the position moved past them; they will be written) or
 *       none (the position did not move);
 *   <li>{@link #truncate}, {@link #flush}, {@link #force} and {@link #close} still happen; a failure of a write
 *       whose caller stopped waiting is thrown by the next {@link #flush}, {@link #close} or buffer hand-over,
 *       or, after a cancelled close, reported to the loop's exception handler.
 * </ul>
 *
 * <h2>Pipes and devices</h2>
 * A file that is not a regular file (a named pipe, {@code /dev/stdin}, a terminal) is read and written in
 * sequence: each read waits for what the other side writes, nothing is read ahead, and {@link #seek} fails
 * (except forward within what was already read). {@link #close()} ends a read that waits on it.
 *
 * <h2>Errors</h2>
 * After {@link #close()} every method but {@link #position()}, {@link #isOpen()} and {@link #path()} throws
 * {@link ClosedChannelException}. Reading a file opened without {@code READ} throws
 * {@link NonReadableChannelException}, writing one opened without {@code WRITE} or {@code APPEND}
 * {@link NonWritableChannelException}, at once.
 *
 * <h2>Thread safety</h2>
 * Loop-confined: use it from tasks of the loop that opened it, one task at a time (a second task calling in
 * while one waits gets {@link IllegalStateException}).
 */
public final class AsyncFile implements AutoCloseable {
    private final EventLoop loop;
    private final Path path;
    private final FileChannel channel;
    /** The loop's file executor. */
    private final Executor pool;
    /** This file's jobs, one at a time and in order, on {@link #pool}. */
    private final Executor jobs;
    /** The loop, open and one-task-at-a-time checks each call starts with. */
    private final FileGuard guard;
    /** A regular file; otherwise a pipe or a device, read and written in sequence (no seek, no read-ahead). */
    private final boolean seekable;
    /** Where the next read or write starts: the file's own position (the channel's is not used). */
    private long position;
    /** The bytes read ahead from {@link #position}. */
    private final ReadAhead in;
    /** The bytes written and not handed over yet, and the write jobs not checked yet. */
    private final WriteBuffer out;
    /** Reads lines out of {@link #in}; keeps the decoder and the byte order of the text read last. */
    private final TextReader text = new TextReader();

    AsyncFile(EventLoop loop, Path path, FileChannel channel, Executor pool, OpenFlags flags, long position) {
        this.loop = loop;
        this.path = path;
        this.channel = channel;
        this.pool = pool;
        this.jobs = new SerialExecutor(pool);
        this.guard = new FileGuard(loop, this, flags.readable(), flags.writable());
        this.seekable = flags.seekable();
        this.position = position;
        this.in = new ReadAhead(channel, jobs, seekable);
        // in append mode the system appends; a pipe takes bytes in sequence: only a plain regular file is positional
        this.out = new WriteBuffer(channel, jobs, seekable && !flags.append());
    }

    /** Which of the open options matter here, and whether the file is a regular (seekable) one. */
    record OpenFlags(boolean readable, boolean writable, boolean append, boolean seekable) {}

    /** How many bytes are read ahead (for tests). */
    long readAhead() {
        return in.buffered();
    }

    /** The channel, for the open job's clean-up. */
    FileChannel channel() {
        return channel;
    }

    /**
     * Returns the path the file was opened with.
     *
     */
    public Path path() {
        return path;
    }

    /**
     * Returns whether the file is open.
     *
     * @return {@code false} once {@link #close()} was called
     */
    public boolean isOpen() {
        return !guard.isClosed();
    }

    /**
     * Returns the position: where the next read or write starts (aiofiles' {@code tell}). Bytes written and still
     * buffered count. In append mode it starts at the file's size when opened and counts this file's writes.
     *
     */
    public long position() {
        return position;
    }

    /**
     * Moves the position (aiofiles' {@code seek(offset)}); past the end is allowed (a later write leaves a gap).
     * Does not wait: the read-ahead is kept when the new position lies inside it.
     *
     * @throws IllegalArgumentException if it is negative
     * @throws ClosedChannelException if the file is closed
     */
    public void seek(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("position must not be negative, got " + newPosition);
        }
        guard.enter();
        try {
            long delta = newPosition - position;
            if (delta >= 0 && delta <= in.buffered()) {
                in.skip(delta);
            } else if (seekable) {
                in.drop();
            } else {
                throw new IOException(path + " is not seekable (a pipe or a device)");
            }
            position = newPosition;
        } finally {
            guard.exit();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // reading bytes

    /**
     * Reads up to {@code n} bytes (aiofiles' {@code read(n)}): exactly {@code n} unless the file ends first.
     *
     * <p><b>Cancellation:</b> consumes nothing; the position does not move.
     *
     * @param n how many bytes; negative: the rest of the file, as {@link #readAll()}
     * @return the bytes; empty at the end of the file
     * @throws IOException if reading failed
     */
    public byte[] read(int n) throws IOException {
        if (n < 0) {
            return readAll();
        }
        return read(n, 0);
    }

    /** Reads up to {@code n} bytes; a chunk reader passes its chunk size to have blocks read in pieces of it. */
    private byte[] read(int n, int piece) throws IOException {
        enterReading();
        try {
            byte[] bytes = in.read(position, n, piece);
            position += bytes.length;
            return bytes;
        } finally {
            guard.exit();
        }
    }

    /**
     * Reads into a buffer, up to its remaining space: fills it unless the file ends first.
     *
     * <p><b>Cancellation:</b> consumes nothing; the buffer and the position are unchanged.
     *
     * @return how many bytes were read, or -1 at the end of the file
     * @throws IOException if reading failed
     */
    public int read(ByteBuffer dst) throws IOException {
        enterReading();
        try {
            int len = in.read(position, dst);
            position += Math.max(len, 0);
            return len;
        } finally {
            guard.exit();
        }
    }

    /**
     * Reads the rest of the file (aiofiles' {@code read()}) in one job.
     *
     * <p><b>Cancellation:</b> consumes nothing; the position does not move.
     *
     * @return the bytes from the position to the end
     * @throws IOException if reading failed
     * @throws OutOfMemoryError if the rest is larger than an array can be
     */
    public byte[] readAll() throws IOException {
        enterReading();
        try {
            byte[] all = in.readRest(position);
            position += all.length;
            return all;
        } finally {
            guard.exit();
        }
    }

    /**
     * Reads the rest of the file as UTF-8 text; see {@link #readString(Charset)}.
     *
     * <p><b>Cancellation:</b> consumes nothing.
     *
     * @throws IOException if reading failed, or {@link java.nio.charset.MalformedInputException}
     */
    public String readString() throws IOException {
        return readString(StandardCharsets.UTF_8);
    }

    /**
     * Reads the rest of the file as text (aiofiles' {@code read()} in text mode).
     *
     * <p><b>Cancellation:</b> consumes nothing.
     *
     * @throws IOException if reading failed, or {@link java.nio.charset.MalformedInputException} if the bytes are
     *     not valid in that charset (nothing is consumed then)
     */
    public String readString(Charset charset) throws IOException {
        long start = position;
        byte[] bytes = readAll();
        try {
            return new LineDecoder(charset, CodingErrorAction.REPORT).decode(charset, bytes, 0, bytes.length);
        } catch (IOException e) {
            position = start; // not consumed: the next read starts where this one did
            in.drop();
            throw e;
        }
    }

    /**
     * Returns the file's bytes from the position on, in chunks of {@code size} bytes (the last may be shorter),
     * for a plain {@code for} loop that suspends the task between chunks. Blocks of up to 4 MiB are read ahead (the
     * next ones while the task works on the current one) and cut into chunks, so chunks do not cost a thread hop
     * each; a chunk of 4 KiB or more is read into its own array and handed over without a copy. Iterating again
     * continues from the position then. A new array per chunk costs about half the throughput of a loop that
     * reuses one buffer (zeroing and garbage, as in a blocking loop): when the chunks are only looked at,
     * {@link #chunkBuffers(int)} is the fast way.
     *
     * <p>Errors come out of the iterator as {@link java.io.UncheckedIOException} (as from {@code Files.lines}).
     *
     * <p><b>Cancellation:</b> the chunk being read is not consumed.
     *
     * @return the chunks, each a new array
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public Iterable<byte[]> chunks(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + size);
        }
        return () -> new Lookahead<byte[]>() {
            @Override
            protected byte @Nullable [] compute() throws IOException {
                byte[] c = read(size, size);
                return c.length == 0 ? null : c;
            }
        };
    }

    /**
     * Returns the file's bytes from the position on, in chunks of {@code size} bytes (the last may be shorter), as
     * read-only views of the blocks read ahead: no array is made or filled per chunk, which makes this the fastest
     * way through a file (as fast as a blocking {@link FileChannel#read} loop with one reused buffer). The blocks
     * are direct buffers, which the file's thread reads into without the JDK's extra copy. <b>A chunk
     * is valid until the loop moves on</b> (the next {@code hasNext}, or any call on this file): its block is then
     * reused. Copy what you keep, or use {@link #chunks(int)}.
     *
     * {@snippet :
     * for (ByteBuffer chunk : file.chunkBuffers(64 * 1024)) {
     *     digest.update(chunk);
     * }
     * }
     *
     * <p>Errors come out of the iterator as {@link java.io.UncheckedIOException}.
     *
     * <p><b>Cancellation:</b> the chunk being read is not consumed.
     *
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public Iterable<ByteBuffer> chunkBuffers(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + size);
        }
        byte[][] scratch = {new byte[0]};
        return () -> new Lookahead<ByteBuffer>() {
            @Override
            protected @Nullable ByteBuffer compute() throws IOException {
                enterReading();
                try {
                    ByteBuffer v = in.view(position, size, scratch);
                    position += v == null ? 0 : v.remaining();
                    return v;
                } finally {
                    guard.exit();
                }
            }
        };
    }

    // ------------------------------------------------------------------------------------------------
    // reading text

    /**
     * Reads a line of UTF-8 text; see {@link #readLine(Charset, CodingErrorAction)}.
     *
     * <p><b>Cancellation:</b> consumes nothing.
     *
     * @return the line without its line break, or {@code null} at the end of the file
     * @throws IOException if reading failed, or {@link java.nio.charset.MalformedInputException}
     */
    public @Nullable String readLine() throws IOException {
        return readLine(StandardCharsets.UTF_8, CodingErrorAction.REPORT);
    }

    /**
     * Reads a line of text in a charset, reporting malformed input; see
     * {@link #readLine(Charset, CodingErrorAction)}.
     *
     * <p><b>Cancellation:</b> consumes nothing.
     *
     * @return the line without its line break, or {@code null} at the end of the file
     * @throws IOException if reading failed, or {@link java.nio.charset.MalformedInputException}
     */
    public @Nullable String readLine(Charset charset) throws IOException {
        return readLine(charset, CodingErrorAction.REPORT);
    }

    /**
     * Reads a line of text (aiofiles' {@code readline()}): up to {@code \n}, {@code \r\n} or {@code \r}, which is
     * consumed but not returned. The last line may lack a line break.
     *
     * <p><b>Cancellation:</b> consumes nothing; the position does not move.
     *
     * @param onMalformed what malformed or unmappable bytes do: {@code REPORT} (throw), {@code REPLACE} (with
     *     {@code U+FFFD}) or {@code IGNORE}
     * @return the line, or {@code null} at the end of the file
     * @throws IOException if reading failed, or a {@link java.nio.charset.CharacterCodingException} when the line
     *     cannot be decoded and the policy is {@code REPORT} (the line is not consumed)
     * @throws IllegalArgumentException if lines of that charset cannot be split in bytes
     */
    public @Nullable String readLine(Charset charset, CodingErrorAction onMalformed) throws IOException {
        LineDecoder dec = text.decoder(charset, onMalformed);
        enterReading();
        try {
            LineSyntax syntax = text.syntax(dec, in, position);
            position += text.markLength(); // a byte-order mark at the start is not text: consumed
            String line = text.readLine(in, position, syntax, dec);
            position += text.lineLength();
            return line;
        } finally {
            guard.exit();
        }
    }

    /**
     * Returns the rest of the file as UTF-8 lines, for a plain {@code for} loop that suspends the task (aiofiles'
     * {@code async for line in f}); see {@link #lines(Charset, CodingErrorAction)}.
     *
     */
    public Iterable<String> lines() {
        return lines(StandardCharsets.UTF_8, CodingErrorAction.REPORT);
    }

    /**
     * Returns the rest of the file as lines in a charset, reporting malformed input; see
     * {@link #lines(Charset, CodingErrorAction)}.
     *
     */
    public Iterable<String> lines(Charset charset) {
        return lines(charset, CodingErrorAction.REPORT);
    }

    /**
     * Returns the rest of the file as lines ({@link #readLine(Charset, CodingErrorAction)} after line), for a
     * plain {@code for} loop that suspends the task. Blocks of 256 KiB are read ahead (the next one while the task
     * works on the current one), so the loop pays a thread hop per block, not per line, and the memory used stays
     * a few blocks whatever the file's size. Iterating again continues from the position then.
     *
     * <p>Errors come out of the iterator as {@link java.io.UncheckedIOException} (as from {@code Files.lines});
     * its cause is the {@link IOException}, such as a {@link java.nio.charset.MalformedInputException}.
     *
     * <p><b>Cancellation:</b> the line being read is not consumed.
     *
     * @param onMalformed what malformed or unmappable bytes do
     * @throws IllegalArgumentException if lines of that charset cannot be split in bytes
     */
    public Iterable<String> lines(Charset charset, CodingErrorAction onMalformed) {
        LineSyntax.of(charset); // refuse an unsupported charset now, not at the first line
        return () -> new Lookahead<String>() {
            @Override
            protected @Nullable String compute() throws IOException {
                return readLine(charset, onMalformed);
            }
        };
    }

    // ------------------------------------------------------------------------------------------------
    // writing

    /**
     * Writes bytes at the position (aiofiles' {@code write}), or at the end in append mode. Usually returns
     * without suspending: the bytes are copied into the write buffer.
     *
     * <p><b>Cancellation:</b> this waits only while an earlier buffer is being written; a cancelled write took
     * none of its bytes and the position did not move; otherwise it took them all (the position moved past them)
     * and they will be written. The array may be reused as soon as this returns or throws.
     *
     * @throws IOException if an earlier buffered write failed (reported once)
     */
    public void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    /**
     * Writes part of an array; see {@link #write(byte[])}.
     *
     * <p><b>Cancellation:</b> as {@link #write(byte[])}.
     *
     * @param offset where the bytes start
     * @param length how many
     * @throws IOException if an earlier buffered write failed
     */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        write(ByteBuffer.wrap(bytes, offset, length));
    }

    /**
     * Writes the remaining bytes of a buffer (its position moves to its limit); see {@link #write(byte[])}.
     *
     * <p><b>Cancellation:</b> as {@link #write(byte[])}; the buffer's position moves only when its bytes were
     * taken.
     *
     * @throws IOException if an earlier buffered write failed
     */
    public void write(ByteBuffer src) throws IOException {
        enterWriting();
        try {
            position += out.write(src, position); // taken: no suspension from here on
        } finally {
            guard.exit();
        }
    }

    /**
     * Writes text as UTF-8; see {@link #writeString(CharSequence, Charset)}.
     *
     * <p><b>Cancellation:</b> as {@link #write(byte[])}.
     *
     * @throws IOException if an earlier write failed, or the text has unpaired surrogates
     */
    public void writeString(CharSequence text) throws IOException {
        writeString(text, StandardCharsets.UTF_8);
    }

    /**
     * Writes text in a charset (aiofiles' {@code write(str)} in text mode).
     *
     * <p><b>Cancellation:</b> as {@link #write(byte[])}.
     *
     * @throws IOException if an earlier write failed, or a {@link java.nio.charset.CharacterCodingException} if
     *     the charset cannot encode the text (nothing is written then)
     */
    public void writeString(CharSequence text, Charset charset) throws IOException {
        ByteBuffer bytes = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(text));
        write(bytes);
    }

    /**
     * Writes UTF-8 lines, each followed by the platform's line separator; see
     * {@link #writeLines(Iterable, Charset)}.
     *
     * <p><b>Cancellation:</b> the lines before the cancelled one were taken, the others not.
     *
     * @throws IOException if an earlier write failed or a line cannot be encoded
     */
    public void writeLines(Iterable<? extends CharSequence> lines) throws IOException {
        writeLines(lines, StandardCharsets.UTF_8);
    }

    /**
     * Writes lines, each followed by the platform's line separator (as {@code Files.write(path, lines)}; Python's
     * {@code writelines} adds nothing).
     *
     * <p><b>Cancellation:</b> the lines before the cancelled one were taken (the position is past them), the
     * others not.
     *
     * @throws IOException if an earlier write failed or a line cannot be encoded
     */
    public void writeLines(Iterable<? extends CharSequence> lines, Charset charset) throws IOException {
        String separator = System.lineSeparator();
        for (CharSequence line : lines) {
            writeString(line + separator, charset);
        }
    }

    /**
     * Hands the buffered writes to the executor and waits until everything written so far is in the file (the
     * operating system's cache; {@link #force} for the disk). A no-op for a file opened for reading only.
     *
     * <p><b>Cancellation:</b> the writes go on; only the wait ends. A failure is then thrown by the next
     * {@code flush} or {@link #close}.
     *
     * @throws IOException if a write failed since the last check
     */
    public void flush() throws IOException {
        guard.enter();
        try {
            out.flush();
        } finally {
            guard.exit();
        }
    }

    /**
     * Flushes, then forces the file's content (and metadata if asked) to the storage device
     * ({@link FileChannel#force}, Python's {@code os.fsync}).
     *
     * <p><b>Cancellation:</b> the force still happens; only the wait ends.
     *
     * @throws IOException if a write or the force failed
     */
    public void force(boolean metaData) throws IOException {
        guard.enter();
        try {
            out.flush();
            FileChannel ch = channel;
            FileWork.call(jobs, () -> {
                ch.force(metaData);
                return null;
            });
        } finally {
            guard.exit();
        }
    }

    /**
     * Truncates the file to {@code size} bytes (aiofiles' {@code truncate(size)}); a position beyond it moves to
     * it, as {@link FileChannel#truncate} does. A larger size changes nothing.
     *
     * <p><b>Cancellation:</b> the truncation still happens (after the writes before it) and the position is
     * already adjusted.
     *
     * @throws IOException if truncating failed
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public void truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + size);
        }
        enterWriting(); // drops what was read ahead
        try {
            out.handOver();
            FileChannel ch = channel;
            try {
                FileWork.call(jobs, () -> ch.truncate(size));
            } catch (CancelledException e) {
                position = Math.min(position, size); // the job runs all the same
                throw e;
            }
            position = Math.min(position, size);
        } finally {
            guard.exit();
        }
    }

    /**
     * Returns the file's size, including the bytes still buffered.
     *
     * <p><b>Cancellation:</b> nothing changes.
     *
     * @throws IOException if the size cannot be read
     */
    public long size() throws IOException {
        guard.enter();
        try {
            out.handOver(); // the size job runs after the buffered bytes are written
            FileChannel ch = channel;
            return FileWork.call(jobs, ch::size);
        } finally {
            guard.exit();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // sendfile

    /**
     * Sends the file from the position to its end over a stream transport with
     * {@link Networking#sendfile} (zero-copy to a socket), and moves the position past what was sent: for a
     * server's file responses.
     *
     * <p><b>Cancellation:</b> the bytes sent so far stay sent and the position does not move (how much was sent
     * is not known); the response is broken anyway, close the connection.
     *
     * @param transport a TCP or Unix transport of this file's loop
     * @return how many bytes were sent
     * @throws IOException if reading the file or writing the socket failed
     */
    public long sendTo(Transport transport) throws IOException {
        return sendTo(transport, -1);
    }

    /**
     * Sends up to {@code count} bytes from the position; see {@link #sendTo(Transport)}.
     *
     * <p><b>Cancellation:</b> as {@link #sendTo(Transport)}.
     *
     * @param transport a TCP or Unix transport of this file's loop
     * @param count how many bytes, or a negative number for up to the end
     * @return how many bytes were sent
     * @throws IOException if reading the file or writing the socket failed
     */
    public long sendTo(Transport transport, long count) throws IOException {
        enterReading();
        try {
            out.flush(); // the loop reads the channel itself: what was written must be in the file
            in.drop();
            long sent = Networking.of(loop).sendfile(transport, channel, position, count);
            position += sent;
            return sent;
        } finally {
            guard.exit();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // closing

    /**
     * Writes what is buffered and closes the file (aiofiles' {@code close}). Idempotent. Called while the file's
     * loop is closed, it just closes the channel.
     *
     * <p><b>Cancellation:</b> the file is closed all the same (the close job runs after the buffered writes);
     * only the wait ends, and a write failure is then reported to the loop's exception handler.
     *
     * @throws IOException if a buffered write or the close failed
     */
    @Override
    public void close() throws IOException {
        if (guard.isClosed()) {
            return;
        }
        if (!guard.enterClose()) {
            channel.close(); // no loop to run on; nothing else can use this file any more
            return;
        }
        try {
            // A read of a pipe waiting for bytes would hold the close behind it for ever: close beside it, which
            // ends that read (AsynchronousCloseException, dropped). Otherwise the close runs after every job.
            Executor closer = in.isWaitingOnStream() ? pool : jobs;
            in.drop();
            out.close(closer, loop, path);
        } finally {
            guard.exit();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the checks of a call that reads or writes, and what it needs of the other side

    private void enterReading() throws ClosedChannelException {
        guard.enterReading();
        out.handOver(); // a read job runs after the writes before it, so it sees them
    }

    private void enterWriting() throws ClosedChannelException {
        guard.enterWriting();
        in.drop(); // what was read ahead may be overwritten
    }

    @Override
    public String toString() {
        return "AsyncFile[" + path + ", position=" + position + (guard.isClosed() ? ", closed" : "") + "]";
    }
}
