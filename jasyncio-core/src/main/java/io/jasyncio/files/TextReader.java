package io.jasyncio.files;

import io.jasyncio.files.ReadAhead.Segment;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The text side of an {@link AsyncFile}: reads lines out of its {@link ReadAhead}, splitting them in bytes and
 * decoding each on its own, so that the file's position stays exact between text and byte reads.
 *
 * <p>It remembers between reads the decoder of the charset and policy read last, and for a byte-order-sensing
 * charset ({@code UTF-16}, {@code UTF-32}) the byte order its mark chose at the start of the file.
 *
 * <p>Loop-confined, like its file.
 */
final class TextReader {
    /** The decoder of the last text read, kept while the charset and policy stay the same. */
    private @Nullable LineDecoder decoder;
    /** The syntax a byte-order mark chose, for {@link #sensedFor}. */
    private @Nullable LineSyntax sensed;
    /** The charset {@link #sensed} is for. */
    private @Nullable Charset sensedFor;
    /** How many bytes of byte-order mark the last {@link #syntax} consumed. */
    private int markLength;
    /** How many bytes the last {@link #readLine} consumed: the line and its break. */
    private long lineLength;

    /**
     * Returns the decoder for a charset and policy.
     *
     * @throws IllegalArgumentException if lines of that charset cannot be split in bytes
     */
    LineDecoder decoder(Charset charset, CodingErrorAction action) {
        LineDecoder d = decoder;
        if (d == null || !d.charset.equals(charset) || !d.action.equals(action)) {
            LineSyntax.of(charset);
            d = new LineDecoder(charset, action);
            decoder = d;
        }
        return d;
    }

    /**
     * The syntax of the decoder's charset. At the start of the file a byte-order-sensing charset reads the mark
     * (waiting for the first block) and consumes it ({@link #markLength()} says how much); elsewhere it keeps the
     * order found at the start, else big-endian as the charset's decoder assumes.
     *
     * <p><b>Cancellation:</b> consumes nothing.
     */
    LineSyntax syntax(LineDecoder dec, ReadAhead in, long position) throws IOException {
        markLength = 0;
        LineSyntax syntax = LineSyntax.of(dec.charset);
        if (!syntax.sensesByteOrder()) {
            return syntax;
        }
        if (position != 0) {
            LineSyntax s = sensed;
            return s != null && dec.charset.equals(sensedFor) ? s : syntax;
        }
        in.fill(position, syntax.bomLength(), 0, ReadAhead.BLOCK, false);
        in.toHeap();
        Segment first = in.first();
        LineSyntax.Bom bom = null;
        if (first != null) {
            int len = Math.min(first.end - first.pos, syntax.bomLength());
            bom = syntax.sense(Arrays.copyOfRange(first.a, first.pos, first.pos + len), len);
        }
        sensedFor = dec.charset;
        if (bom == null) {
            sensed = syntax;
            return syntax;
        }
        in.skip(bom.length());
        markLength = bom.length();
        sensed = bom.syntax();
        return bom.syntax();
    }

    /** How many bytes of byte-order mark the last {@link #syntax} consumed. */
    int markLength() {
        return markLength;
    }

    /**
     * Reads, decodes and consumes a line: up to {@code \n}, {@code \r\n} or {@code \r} (not returned), or the
     * rest of the file; {@link #lineLength()} then says how many bytes it consumed.
     *
     * <p><b>Cancellation:</b> consumes nothing (a line that fails to decode neither).
     *
     * @param position the file offset of the first byte read ahead (the file's position)
     * @return the line, or {@code null} at the end of the file
     */
    @Nullable
    String readLine(ReadAhead in, long position, LineSyntax syntax, LineDecoder dec) throws IOException {
        lineLength = 0;
        long from = 0; // the bytes before it hold no line break
        boolean more = true;
        while (true) {
            long i = find(in, syntax, from);
            if (i >= 0) {
                int u = syntax.unit;
                if (!isBreak(in, syntax, i, false)) {
                    return takeLine(in, dec, syntax, i, u);
                }
                if (i + 2L * u <= in.buffered()) {
                    return takeLine(in, dec, syntax, i, isBreak(in, syntax, i + u, true) ? 2 * u : u);
                }
                if (!more) {
                    return takeLine(in, dec, syntax, i, u);
                }
                from = i; // a \r at the very end: is a \n next?
            } else {
                long buffered = in.buffered();
                if (!more) {
                    return buffered == 0 ? null : takeLine(in, dec, syntax, buffered, 0);
                }
                from = buffered - buffered % syntax.unit;
            }
            more = in.fill(position, in.buffered() + syntax.unit, 0, ReadAhead.BLOCK, false);
        }
    }

    /** What the last {@link #readLine} consumed, in bytes. */
    long lineLength() {
        return lineLength;
    }

    /** Decodes the line of {@code length} bytes at the front, then consumes it and its break. */
    private String takeLine(ReadAhead in, LineDecoder dec, LineSyntax syntax, long length, int breakLength)
            throws IOException {
        if (length > BlockReads.MAX_ARRAY) {
            throw new IOException("line longer than 2 GiB");
        }
        int len = (int) length;
        Segment s = in.first();
        String line;
        if (s != null && s.end - s.pos >= len) {
            line = dec.decode(syntax.charset, s.a, s.pos, len);
        } else {
            byte[] bytes = new byte[len];
            in.peek(bytes, 0, 0, len);
            line = dec.decode(syntax.charset, bytes, 0, len);
        }
        // decoded without error: now consume (a malformed line stays for a retry with another policy)
        in.skip(length + breakLength);
        lineLength = length + breakLength;
        return line;
    }

    /**
     * Finds the first line break at or after {@code from} (a multiple of the code unit, relative to the
     * position).
     *
     * @return its offset relative to the position, or -1
     */
    private static long find(ReadAhead in, LineSyntax syntax, long from) {
        if (syntax.unit > 1) {
            in.coalesce(); // a code unit may straddle two blocks; text in such charsets is rare enough to copy
        } else {
            in.toHeap(); // after chunkBuffers: its direct blocks become arrays
        }
        long base = 0;
        for (Segment s : in.segments()) {
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

    /**
     * Whether the code unit at {@code rel} (relative to the position; {@code rel + unit <= buffered}) is a line
     * feed ({@code lf}) or a carriage return (not {@code lf}).
     */
    private static boolean isBreak(ReadAhead in, LineSyntax syntax, long rel, boolean lf) {
        long base = 0;
        for (Segment s : in.segments()) {
            int len = s.end - s.pos;
            if (rel < base + len) {
                int i = s.pos + (int) (rel - base);
                return lf ? syntax.isLf(s.a, i) : syntax.isCr(s.a, i);
            }
            base += len;
        }
        return false;
    }
}
