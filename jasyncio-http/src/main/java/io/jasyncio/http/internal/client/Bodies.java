package io.jasyncio.http.internal.client;

import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncFiles;
import io.jasyncio.http.client.BodySink;
import io.jasyncio.http.client.ChunkSource;
import io.jasyncio.http.client.RequestBody;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** The built-in {@link RequestBody} kinds. */
public final class Bodies {
    private Bodies() {}

    /** A body held in memory. */
    public static final class Bytes implements RequestBody {
        private final byte[] bytes;
        private final @Nullable String contentType;

        /**
         * Wraps bytes.
         *
         * @param bytes the bytes (not copied)
         * @param contentType the media type
         */
        public Bytes(byte[] bytes, @Nullable String contentType) {
            this.bytes = bytes;
            this.contentType = contentType;
        }

        @Override
        public @Nullable String contentType() {
            return contentType;
        }

        /**
         * Returns the bytes (not a copy).
         *
         * @return the bytes
         */
        public byte[] bytes() {
            return bytes;
        }

        @Override
        public long contentLength() {
            return bytes.length;
        }

        @Override
        public boolean isReplayable() {
            return true;
        }

        @Override
        public void writeTo(BodySink sink) throws IOException {
            if (bytes.length > 0) {
                sink.write(bytes);
            }
        }
    }

    /** A file streamed from disk. */
    public record FileBody(
            Path path, long contentLength, @Nullable String contentType) implements RequestBody {
        @Override
        public boolean isReplayable() {
            return true;
        }

        @Override
        public void writeTo(BodySink sink) throws IOException {
            long left = contentLength;
            try (AsyncFile f = AsyncFiles.open(path)) {
                for (byte[] chunk : f.chunks(64 * 1024)) {
                    int n = (int) Math.min(chunk.length, left);
                    sink.write(chunk, 0, n);
                    left -= n;
                    if (left == 0) {
                        break;
                    }
                }
            }
            if (left > 0) {
                throw new IOException("the file " + path + " shrank while it was sent (" + left + " bytes missing)");
            }
        }
    }

    /** A one-shot body of pieces. */
    public record Chunks(ChunkSource source, @Nullable String contentType) implements RequestBody {
        @Override
        public long contentLength() {
            return -1;
        }

        @Override
        public boolean isReplayable() {
            return false;
        }

        @Override
        public void writeTo(BodySink sink) throws IOException {
            for (byte[] b = source.next(); b != null; b = source.next()) {
                if (b.length > 0) {
                    sink.write(b);
                }
            }
        }
    }
}
