package io.jasyncio.files;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where lines end in a charset's bytes: the encodings of {@code '\n'} and {@code '\r'} (one code unit each),
 * searched for at code-unit boundaries. Lines are split in bytes and each line is decoded on its own, so the
 * byte position after every line is exact ({@link AsyncFile#position()} stays true under text reads).
 *
 * <p>That is sound when a line break's bytes never occur inside another character's encoding:
 *
 * <ul>
 *   <li>code unit of one byte: UTF-8, US-ASCII, the ISO-8859 and Windows code pages, EBCDIC pages (whose line
 *       feed is another byte), and multi-byte charsets whose second bytes are never a line break byte (Shift_JIS,
 *       EUC-JP, GB18030, Big5...): checked when the charset is first used, by decoding every lead byte followed
 *       by a line break;
 *   <li>code units of two or four bytes: UTF-16 and UTF-32 of either byte order. The byte-order-sensing
 *       {@code UTF-16} and {@code UTF-32} read the byte order from a byte-order mark at the start of the file, as
 *       their decoders do, and assume big-endian without one.
 * </ul>
 *
 * A charset that fails the check (none among the JDK's common ones) is refused with
 * {@link IllegalArgumentException}.
 *
 * <h2>Thread safety</h2>
 * Immutable; shared by every file through a process-wide cache.
 */
final class LineSyntax {
    private static final ConcurrentHashMap<Charset, LineSyntax> CACHE = new ConcurrentHashMap<>();
    private static final Charset UTF_32 = Charset.forName("UTF-32");
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

    /** The charset each line is decoded with. */
    final Charset charset;
    /** Bytes per code unit: line breaks are looked for at multiples of it from the start of the line. */
    final int unit;
    /** The encoding of {@code '\n'}: {@link #unit} bytes. */
    private final byte[] lf;
    /** The encoding of {@code '\r'}: {@link #unit} bytes. */
    private final byte[] cr;
    /** One-byte units with ASCII line breaks (0x0A, 0x0D): the fast search. */
    private final boolean ascii;
    /** For a byte-order-sensing charset: the byte-order marks and the syntax each selects; else empty. */
    private final List<Bom> boms;

    /** A byte-order mark and the syntax of the text after it. */
    static final class Bom {
        private final byte[] mark;
        private final LineSyntax syntax;

        Bom(byte[] mark, LineSyntax syntax) {
            this.mark = mark;
            this.syntax = syntax;
        }

        /** The mark's length in bytes. */
        int length() {
            return mark.length;
        }

        /** The syntax of the text after the mark. */
        LineSyntax syntax() {
            return syntax;
        }
    }

    private LineSyntax(Charset charset, byte[] lf, byte[] cr, List<Bom> boms) {
        this.charset = charset;
        this.unit = lf.length;
        this.lf = lf;
        this.cr = cr;
        this.ascii = unit == 1 && lf[0] == '\n' && cr[0] == '\r';
        this.boms = boms;
    }

    /**
     * Returns the syntax of a charset.
     *
     * @throws IllegalArgumentException if lines of that charset cannot be split in bytes
     */
    static LineSyntax of(Charset charset) {
        LineSyntax s = CACHE.get(charset);
        if (s == null) {
            // not computeIfAbsent: making a byte-order-sensing syntax looks up the explicit ones
            LineSyntax made = make(charset);
            s = CACHE.putIfAbsent(charset, made);
            if (s == null) {
                s = made;
            }
        }
        return s;
    }

    private static LineSyntax make(Charset cs) {
        if (cs.equals(StandardCharsets.UTF_16)) {
            LineSyntax be = of(StandardCharsets.UTF_16BE);
            return new LineSyntax(
                    StandardCharsets.UTF_16BE,
                    be.lf,
                    be.cr,
                    List.of(
                            new Bom(new byte[] {(byte) 0xFE, (byte) 0xFF}, be),
                            new Bom(new byte[] {(byte) 0xFF, (byte) 0xFE}, of(StandardCharsets.UTF_16LE))));
        }
        if (cs.equals(UTF_32)) {
            LineSyntax be = of(UTF_32BE);
            return new LineSyntax(
                    UTF_32BE,
                    be.lf,
                    be.cr,
                    List.of(
                            new Bom(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, be),
                            new Bom(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, of(UTF_32LE))));
        }
        if (cs.equals(StandardCharsets.UTF_8)
                || cs.equals(StandardCharsets.US_ASCII)
                || cs.equals(StandardCharsets.ISO_8859_1)) {
            return new LineSyntax(cs, new byte[] {'\n'}, new byte[] {'\r'}, List.of());
        }
        byte[] lf = encodedUnit(cs, '\n');
        byte[] cr = encodedUnit(cs, '\r');
        if (lf.length != cr.length || lf.length == 0 || lf.length == 3 || lf.length > 4) {
            throw unsupported(cs);
        }
        if (lf.length == 1 && !breaksStandAlone(cs, lf[0], cr[0])) {
            throw unsupported(cs);
        }
        return new LineSyntax(cs, lf, cr, List.of());
    }

    /** The bytes of one character, without the byte-order mark some encoders write first. */
    private static byte[] encodedUnit(Charset cs, char c) {
        if (!cs.canEncode()) {
            // decode-only charsets (ISO-2022-CN, say): ASCII line breaks if they decode as such
            byte b = c == '\n' ? (byte) 0x0A : (byte) 0x0D;
            return decodeLeniently(cs, new byte[] {b}).equals(String.valueOf(c)) ? new byte[] {b} : new byte[0];
        }
        try {
            CharsetEncoder enc = cs.newEncoder();
            byte[] one = bytes(enc.encode(CharBuffer.wrap(new char[] {c})));
            byte[] two = bytes(enc.reset().encode(CharBuffer.wrap(new char[] {c, c})));
            int unit = two.length - one.length;
            return unit <= 0 ? new byte[0] : Arrays.copyOfRange(one, one.length - unit, one.length);
        } catch (CharacterCodingException | UnsupportedOperationException e) {
            return new byte[0];
        }
    }

    /**
     * Whether the line break bytes stand for line breaks wherever they occur in valid text: each decodes alone
     * to its line break, and no byte followed by it forms a character (the break byte is never a second byte of
     * a multi-byte character). Malformed pairs do not count: they are not text.
     */
    private static boolean breaksStandAlone(Charset cs, byte lf, byte cr) {
        for (byte brk : new byte[] {lf, cr}) {
            String expected = brk == lf ? "\n" : "\r";
            if (!decodeLeniently(cs, new byte[] {brk}).equals(expected)) {
                return false;
            }
            CharsetDecoder strict = cs.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            for (int b = 0; b < 256; b++) {
                try {
                    String s = strict.reset()
                            .decode(ByteBuffer.wrap(new byte[] {(byte) b, brk}))
                            .toString();
                    if (!s.endsWith(expected)) {
                        return false;
                    }
                } catch (CharacterCodingException e) {
                    // not valid text: fine
                }
            }
        }
        return true;
    }

    private static String decodeLeniently(Charset cs, byte[] in) {
        CharsetDecoder dec = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return dec.decode(ByteBuffer.wrap(in)).toString();
        } catch (CharacterCodingException e) {
            return "";
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    private static IllegalArgumentException unsupported(Charset cs) {
        return new IllegalArgumentException("cannot split lines of " + cs + " in bytes (its line breaks are not"
                + " self-contained code units): read the bytes and decode them with a CharsetDecoder");
    }

    /** Whether the byte order is read from a byte-order mark at the start of the file. */
    boolean sensesByteOrder() {
        return !boms.isEmpty();
    }

    /** The longest byte-order mark, in bytes. */
    int bomLength() {
        return boms.isEmpty() ? 0 : boms.getFirst().mark.length;
    }

    /**
     * Reads a byte-order mark at the start of {@code a}; without one, big-endian as the charset's decoder assumes.
     *
     * @return the mark found, or {@code null}
     */
    @Nullable
    Bom sense(byte[] a, int len) {
        for (Bom b : boms) {
            if (len >= b.mark.length && Arrays.equals(a, 0, b.mark.length, b.mark, 0, b.mark.length)) {
                return b;
            }
        }
        return null;
    }

    /**
     * Finds the first line break in {@code a[from, to)}, looking at code-unit boundaries counted from
     * {@code from}.
     *
     * @return its index, or -1
     */
    int find(byte[] a, int from, int to) {
        if (ascii) {
            for (int i = from; i < to; i++) {
                byte b = a[i];
                if (b == '\n' || b == '\r') {
                    return i;
                }
            }
            return -1;
        }
        for (int i = from; i + unit <= to; i += unit) {
            if (isAt(lf, a, i) || isAt(cr, a, i)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the line break at {@code a[i]} is a carriage return (which a line feed may follow). */
    boolean isCr(byte[] a, int i) {
        return isAt(cr, a, i);
    }

    /** Whether the code unit at {@code a[i]} is a line feed. */
    boolean isLf(byte[] a, int i) {
        return isAt(lf, a, i);
    }

    private boolean isAt(byte[] pattern, byte[] a, int i) {
        for (int k = 0; k < pattern.length; k++) {
            if (a[i + k] != pattern[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "LineSyntax[" + charset + ", unit=" + unit + (boms.isEmpty() ? "" : ", byte-order mark") + "]";
    }
}
