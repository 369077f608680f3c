package io.jasyncio.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the bytes of one line (or of a whole file's rest) with a charset and a policy for malformed or
 * unmappable input: {@link CodingErrorAction#REPORT} throws {@link java.nio.charset.MalformedInputException}
 * (or {@link java.nio.charset.UnmappableCharacterException}), {@code REPLACE} puts the charset's replacement
 * ({@code U+FFFD}), {@code IGNORE} drops the bad bytes.
 *
 * <p>The common case is fast: the JDK's {@code String} constructor decodes (with intrinsics for ASCII and
 * Latin-1 text) and replaces; for {@code REPORT} a line is decoded again, strictly, only when the result holds a
 * {@code U+FFFD}, which tells a replaced sequence from a real one.
 *
 * <h2>Thread safety</h2>
 * Not thread-safe: each file has its own (it keeps a decoder).
 */
final class LineDecoder {
    private static final String REPLACEMENT = "\uFFFD";

    /** The charset the caller asked for (a byte-order-sensing one decodes each line with its resolved order). */
    final Charset charset;
    /** What malformed or unmappable input does. */
    final CodingErrorAction action;
    /** A strict or ignoring decoder, made on first need, for {@link #decoderCharset}. */
    private @Nullable CharsetDecoder decoder;

    private @Nullable Charset decoderCharset;

    LineDecoder(Charset charset, CodingErrorAction action) {
        this.charset = charset;
        this.action = action;
    }

    /**
     * Decodes {@code a[off, off + len)} with {@code cs} (the caller's charset, or the byte order a byte-order
     * mark chose).
     *
     * @throws CharacterCodingException if the bytes are malformed or unmappable and the policy is to report
     */
    String decode(Charset cs, byte[] a, int off, int len) throws CharacterCodingException {
        if (action == CodingErrorAction.REPLACE) {
            return new String(a, off, len, cs);
        }
        CharsetDecoder d = decoder(cs);
        if (action == CodingErrorAction.REPORT && d.replacement().equals(REPLACEMENT)) {
            String s = new String(a, off, len, cs);
            // a Latin-1 string cannot hold U+FFFD: indexOf returns at once for most text
            if (s.indexOf(REPLACEMENT.charAt(0)) < 0) {
                return s;
            }
        }
        d.reset();
        return d.decode(ByteBuffer.wrap(a, off, len)).toString();
    }

    private CharsetDecoder decoder(Charset cs) {
        CharsetDecoder d = decoder;
        if (d == null || !cs.equals(decoderCharset)) {
            d = cs.newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
            decoder = d;
            decoderCharset = cs;
        }
        return d;
    }
}
