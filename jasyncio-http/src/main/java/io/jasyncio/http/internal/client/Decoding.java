package io.jasyncio.http.internal.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * {@code Content-Encoding} decoding ({@code gzip}, {@code deflate}) as a pull stream over a body source. The JDK's
 * inflater streams are used as they are: their blocking reads call the source, which suspends the task (a virtual
 * thread), never the loop.
 */
public final class Decoding {
    private Decoding() {}

    /**
     * Returns whether {@code encoding} is one this client decodes.
     *
     * @param encoding the {@code Content-Encoding} value
     * @return {@code true} for gzip, x-gzip and deflate
     */
    public static boolean supports(String encoding) {
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        return e.equals("gzip") || e.equals("x-gzip") || e.equals("deflate");
    }

    /**
     * Wraps a source in a decoder.
     *
     * @param encoding {@code gzip}, {@code x-gzip} or {@code deflate}
     * @param raw the encoded bytes
     * @return the decoded bytes; an {@link IOException} from the decoder means the encoding was broken
     * @throws IOException if the gzip header is broken
     */
    public static InputStream decode(String encoding, InputStream raw) throws IOException {
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        if (e.equals("deflate")) {
            // "deflate" is zlib-wrapped by the RFC, but some servers send raw deflate: look at the first two bytes.
            PushbackInputStream in = new PushbackInputStream(raw, 2);
            int b0 = in.read();
            int b1 = b0 < 0 ? -1 : in.read();
            if (b1 >= 0) {
                in.unread(b1);
            }
            if (b0 >= 0) {
                in.unread(b0);
            }
            boolean zlib = b0 >= 0 && b1 >= 0 && (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
            return new InflaterInputStream(in, new Inflater(!zlib), 16 * 1024);
        }
        return new GZIPInputStream(raw, 16 * 1024);
    }

    /**
     * Adapts a body source to an {@link InputStream}.
     *
     * @param source the source
     * @return the stream
     */
    public static InputStream stream(BodySource source) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                return source.read(b, off, len);
            }
        };
    }
}
