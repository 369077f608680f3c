package io.jasyncio.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The search under {@code StreamReader.readUntil}: several separators, in a queue that grows between calls. */
class SeparatorSearchTest {
    private final SegmentQueue q = new SegmentQueue(new SegmentPool(SegmentPool.DEFAULT_MAX_BYTES));

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private void add(String s) {
        q.write(ByteBuffer.wrap(ascii(s)));
    }

    @Test
    void theMatchThatEndsFirstWinsEvenIfAnotherStartsEarlier() {
        add("aXXXbcd");
        SeparatorSearch search = new SeparatorSearch(ascii("aXXXb"), ascii("XX"), ascii("bcd"));

        assertThat(search.find(q)).isTrue();
        assertThat(search.start()).isEqualTo(1);
        assertThat(search.end()).isEqualTo(3);
    }

    @Test
    void aSearchGoesOnFromWhereNoMatchCanStartAndFindsASeparatorSplitAcrossArrivals() {
        SeparatorSearch search = new SeparatorSearch(ascii("\r\n"), ascii("--END--"));
        add("hello\r");
        assertThat(search.find(q)).isFalse();
        assertThat(search.searched()).isEqualTo(0); // "--END--" could still start at 0
        add("world and more and more");
        assertThat(search.find(q)).isFalse();
        assertThat(search.searched()).isEqualTo(q.size() + 1 - 7);
        add("--E");
        assertThat(search.find(q)).isFalse();
        add("ND--\r\n");

        assertThat(search.find(q)).isTrue();
        assertThat(search.start()).isEqualTo(q.size() - 9);
        assertThat(search.end()).isEqualTo(q.size() - 2);
    }

    @Test
    void tooFewNewBytesForTheShortestSeparatorAreNotSearched() {
        SeparatorSearch search = new SeparatorSearch(ascii("abc"));
        add("ab");

        assertThat(search.find(q)).isFalse();
        assertThat(search.searched()).isZero();
    }

    @Test
    void noSeparatorOrAnEmptyOneIsRefused() {
        assertThatThrownBy(() -> new SeparatorSearch()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SeparatorSearch(ascii("x"), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
