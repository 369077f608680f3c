package io.jasyncio.files;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link AsyncFile} remembers between text reads: the decoder of the charset and policy read last, and
 * for a byte-order-sensing charset ({@code UTF-16}, {@code UTF-32}) the byte order its mark chose at the start of
 * the file.
 *
 * <p>Loop-confined, like its file.
 */
final class TextState {
    /** The decoder of the last text read, kept while the charset and policy stay the same. */
    private @Nullable LineDecoder decoder;
    /** The syntax a byte-order mark chose, for {@link #sensedFor}. */
    private @Nullable LineSyntax sensed;
    /** The charset {@link #sensed} is for. */
    private @Nullable Charset sensedFor;
    /** How many bytes of byte-order mark the last {@link #syntax} consumed. */
    private int markLength;

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
        in.fill(position, syntax.bomLength(), 0, ReadAhead.BLOCK);
        ReadAhead.Segment first = in.first();
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
}
