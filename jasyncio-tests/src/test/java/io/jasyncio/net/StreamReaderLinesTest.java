package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** {@link StreamReader#lines()}: lines as they arrive, the partial last line at end of file, errors unchecked. */
class StreamReaderLinesTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @AsyncioTest
    void linesEndAtEndOfFileWithThePartialLastLine() {
        var reader = new StreamReader();
        reader.feed(bytes("a\nb\nc"));
        reader.feedEof();
        List<String> lines = new ArrayList<>();
        for (byte[] line : reader.lines()) {
            lines.add(text(line));
        }

        assertThat(lines).containsExactly("a\n", "b\n", "c");
        var ended = reader.lines().iterator();
        assertThat(ended.hasNext()).isFalse();
        assertThatThrownBy(ended::next).isInstanceOf(NoSuchElementException.class);
    }

    @AsyncioTest
    void hasNextWaitsForTheNextLineAndAReadErrorComesOutUnchecked() {
        var reader = new StreamReader();
        var lines = reader.lines().iterator();
        Asyncio.loop().callSoon(() -> reader.feed(bytes("later\n"))); // runs once hasNext waits

        assertThat(lines.hasNext()).isTrue();
        assertThat(text(lines.next())).isEqualTo("later\n");
        var broken = new IOException("connection reset");
        Asyncio.loop().callSoon(() -> reader.setException(broken));
        assertThatThrownBy(lines::hasNext)
                .isInstanceOf(UncheckedIOException.class)
                .hasCause(broken);
        // The iterator has not ended: the next hasNext reads again (and meets the reader's error again).
        assertThatThrownBy(lines::hasNext)
                .isInstanceOf(UncheckedIOException.class)
                .hasCause(broken);
    }
}
