package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

class StreamReaderTimeoutTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @AsyncioTest
    void readLineTimesOutAndKeepsThePartialLineForTheNextRead() throws Exception {
        StreamReader reader = new StreamReader();
        reader.feed(bytes("hel"));
        assertThatThrownBy(() -> reader.readLine(Duration.ofSeconds(30))).isInstanceOf(TimeoutException.class);
        reader.feed(bytes("lo\n"));
        assertThat(new String(reader.readLine(Duration.ofSeconds(30)), StandardCharsets.US_ASCII))
                .isEqualTo("hello\n");
    }

    @AsyncioTest
    void readExactlyReturnsWhenTheBytesArriveBeforeTheLimit() throws Exception {
        StreamReader reader = new StreamReader();
        Asyncio.loop().callLater(Duration.ofSeconds(5), () -> reader.feed(bytes("abcd")));
        assertThat(reader.readExactly(4, Duration.ofSeconds(10))).isEqualTo(bytes("abcd"));
    }

    @AsyncioTest
    void readExactlyTimesOutWithoutConsumingWhatArrived() throws Exception {
        StreamReader reader = new StreamReader();
        reader.feed(bytes("ab"));
        assertThatThrownBy(() -> reader.readExactly(4, Duration.ofMinutes(1))).isInstanceOf(TimeoutException.class);
        assertThat(reader.buffered()).isEqualTo(2);
    }

    @AsyncioTest
    void readUntilTimesOutAndReadTimesOutOnSilence() {
        StreamReader reader = new StreamReader();
        reader.feed(bytes("no separator yet"));
        assertThatThrownBy(() -> reader.readUntil(Duration.ofSeconds(1), bytes("\r\n")))
                .isInstanceOf(TimeoutException.class);
        StreamReader silent = new StreamReader();
        assertThatThrownBy(() -> silent.read(10, Duration.ofSeconds(1))).isInstanceOf(TimeoutException.class);
    }

    @AsyncioTest
    void aReadCancelledAfterTheDataArrivedButBeforeItResumedLeavesTheBytesBuffered() throws Exception {
        StreamReader reader = new StreamReader();
        List<String> after = new ArrayList<>();
        Task<byte[]> t = Asyncio.createTask(() -> {
            byte[] b = reader.readExactly(4);
            after.add("read");
            return b;
        });
        Asyncio.sleep(Duration.ZERO);
        reader.feed(bytes("abcd")); // wakes the reading task...
        t.cancel(); // ...which is cancelled before it resumes
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
        assertThat(after).isEmpty();
        assertThat(reader.buffered()).isEqualTo(4);
        assertThat(reader.readExactly(4)).isEqualTo(bytes("abcd"));
    }

    @AsyncioTest
    void aConnectionErrorPassesThroughATimedRead() {
        StreamReader reader = new StreamReader();
        Asyncio.loop()
                .callLater(Duration.ofSeconds(1), () -> reader.setException(new java.net.SocketException("reset")));
        assertThatThrownBy(() -> reader.readLine(Duration.ofSeconds(10)))
                .isInstanceOf(java.net.SocketException.class)
                .hasMessage("reset");
    }

    @AsyncioTest
    void readToEofTimesOutAndKeepsEverythingItGathered() throws Exception {
        StreamReader reader = new StreamReader(Asyncio.loop(), 4); // several limit-sized chunks arrive
        reader.feed(bytes("hello world"));
        assertThatThrownBy(() -> reader.read(-1, Duration.ofSeconds(5))).isInstanceOf(TimeoutException.class);
        assertThat(reader.buffered()).isEqualTo(11);
        reader.feed(bytes("!"));
        reader.feedEof();
        assertThat(reader.read(-1)).isEqualTo(bytes("hello world!"));
        assertThat(reader.atEof()).isTrue();
    }

    @AsyncioTest
    void cancelledReadToEofKeepsEverythingItGathered() {
        StreamReader reader = new StreamReader(Asyncio.loop(), 4);
        reader.feed(bytes("abcdefghij"));
        var task = Asyncio.createTask(() -> reader.read(-1));
        Asyncio.loop().callLater(Duration.ofSeconds(1), () -> reader.feed(bytes("klm")));
        Asyncio.loop().callLater(Duration.ofSeconds(2), () -> task.cancel());
        assertThatThrownBy(task::await).isInstanceOf(io.jasyncio.CancelledException.class);
        assertThat(reader.buffered()).isEqualTo(13);
    }
}
