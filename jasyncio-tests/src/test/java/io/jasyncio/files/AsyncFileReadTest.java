package io.jasyncio.files;

import static io.jasyncio.files.TestFiles.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.testing.AsyncioTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.io.TempDir;

@NullUnmarked
class AsyncFileReadTest {
    @TempDir
    Path dir;

    @AsyncioTest
    void readReturnsExactlyTheBytesAskedForUntilTheEnd() throws Exception {
        byte[] content = TestFiles.random(1000, 1);
        Path file = TestFiles.write(dir.resolve("a.bin"), content);
        try (AsyncFile f = AsyncFiles.open(file)) {
            assertThat(f.read(10)).isEqualTo(Arrays.copyOfRange(content, 0, 10));
            assertThat(f.read(0)).isEmpty();
            assertThat(f.read(985)).isEqualTo(Arrays.copyOfRange(content, 10, 995));
            assertThat(f.read(100)).isEqualTo(Arrays.copyOfRange(content, 995, 1000));
            assertThat(f.read(100)).isEmpty();
            assertThat(f.position()).isEqualTo(1000);
        }
    }

    @AsyncioTest
    void readAllReturnsTheRestFromThePositionAcrossTheReadAhead() throws Exception {
        byte[] content = TestFiles.random(3 * ReadAhead.BLOCK + 17, 2);
        Path file = TestFiles.write(dir.resolve("a.bin"), content);
        try (AsyncFile f = AsyncFiles.open(file)) {
            f.read(5); // leaves a block read ahead
            assertThat(f.readAll()).isEqualTo(Arrays.copyOfRange(content, 5, content.length));
            assertThat(f.readAll()).isEmpty();
            assertThat(f.position()).isEqualTo(content.length);
            f.seek(0);
            assertThat(f.read(-1)).isEqualTo(content);
        }
    }

    @AsyncioTest
    void readLineSplitsAtLfCrLfAndCrAndKeepsALastLineWithoutBreak() throws Exception {
        Path file = TestFiles.write(dir.resolve("t.txt"), "one\ntwo\r\nthree\rfour\n\nfive");
        try (AsyncFile f = AsyncFiles.open(file)) {
            List<String> lines = new ArrayList<>();
            for (String line = f.readLine(); line != null; line = f.readLine()) {
                lines.add(line);
            }
            assertThat(lines).containsExactly("one", "two", "three", "four", "", "five");
            assertThat(f.readLine()).isNull();
        }
    }

    @AsyncioTest
    void aCarriageReturnAtTheVeryEndOrBeforeABlockBoundaryEndsOneLine() throws Exception {
        // the \r is the last byte of the first block: whether \n follows is known only from the next block
        String first = "x".repeat(ReadAhead.BLOCK - 1);
        Path file = TestFiles.write(dir.resolve("t.txt"), first + "\r\nsecond\r");
        try (AsyncFile f = AsyncFiles.open(file)) {
            assertThat(f.readLine()).isEqualTo(first);
            assertThat(f.position()).isEqualTo(ReadAhead.BLOCK + 1);
            assertThat(f.readLine()).isEqualTo("second");
            assertThat(f.readLine()).isNull();
        }
    }

    @AsyncioTest
    void linesOfAFileOfManyBlocksAreTheLinesBufferedReaderSees() throws Exception {
        String text = TestFiles.text(5 * ReadAhead.BLOCK, 300, 3);
        Path file = TestFiles.write(dir.resolve("big.txt"), text);
        List<String> expected =
                new BufferedReader(new StringReader(text)).lines().toList();
        List<String> lines = new ArrayList<>();
        try (AsyncFile f = AsyncFiles.open(file)) {
            for (String line : f.lines()) {
                lines.add(line);
            }
            assertThat(f.position()).isEqualTo(utf8(text).length);
        }
        assertThat(lines).isEqualTo(expected);
    }

    @AsyncioTest
    void aLineLongerThanABlockIsReadWhole() throws Exception {
        String longLine = "y".repeat(3 * ReadAhead.BLOCK + 5);
        Path file = TestFiles.write(dir.resolve("t.txt"), "a\n" + longLine + "\nb");
        try (AsyncFile f = AsyncFiles.open(file)) {
            assertThat(f.lines()).containsExactly("a", longLine, "b");
        }
    }

    @AsyncioTest
    void chunksCoverTheFileInOrderAndTheLastMayBeShorter() throws Exception {
        byte[] content = TestFiles.random(2 * ReadAhead.BLOCK + 1000, 4);
        Path file = TestFiles.write(dir.resolve("a.bin"), content);
        try (AsyncFile f = AsyncFiles.open(file)) {
            List<byte[]> chunks = new ArrayList<>();
            for (byte[] c : f.chunks(64 * 1024)) {
                chunks.add(c);
            }
            assertThat(chunks).hasSize(9);
            assertThat(chunks.getLast()).hasSize(1000);
            ByteBuffer all = ByteBuffer.allocate(content.length);
            chunks.forEach(all::put);
            assertThat(all.array()).isEqualTo(content);
            assertThat(f.chunks(10)).isEmpty();
        }
        assertThatThrownBy(() -> {
                    try (AsyncFile f = AsyncFiles.open(file)) {
                        f.chunks(0);
                    }
                })
                .isInstanceOf(IllegalArgumentException.class);
    }

    @AsyncioTest
    void chunkBuffersCoverTheFileAsReadOnlyViews() throws Exception {
        byte[] content = TestFiles.random(2 * ReadAhead.BIG_BLOCK + 1000, 7);
        Path file = TestFiles.write(dir.resolve("a.bin"), content);
        for (int size : new int[] {64 * 1024, 100_000, 7}) { // 100 000 does not divide a block: chunks straddle two
            try (AsyncFile f = AsyncFiles.open(file)) {
                byte[] head = f.read(3); // and misaligned
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                all.write(head);
                int count = 0;
                for (ByteBuffer chunk : f.chunkBuffers(size)) {
                    assertThat(chunk.isReadOnly()).isTrue();
                    assertThat(chunk.remaining()).isLessThanOrEqualTo(size);
                    byte[] copy = new byte[chunk.remaining()];
                    chunk.get(copy);
                    all.write(copy);
                    count++;
                }
                assertThat(all.toByteArray()).as("size " + size).isEqualTo(content);
                assertThat(count).isEqualTo((content.length - 3 + size - 1) / size);
                assertThat(f.position()).isEqualTo(content.length);
            }
        }
    }

    @AsyncioTest
    void chunkBuffersAreViewsOfDirectBlocks() throws Exception {
        // the file's thread reads into direct memory: the JDK's copy through a temporary buffer is saved
        Path file = TestFiles.write(dir.resolve("a.bin"), TestFiles.random(3 * ReadAhead.BLOCK, 5));
        try (AsyncFile f = AsyncFiles.open(file)) {
            for (ByteBuffer chunk : f.chunkBuffers(64 * 1024)) {
                assertThat(chunk.isDirect()).isTrue();
            }
        }
    }

    @AsyncioTest
    void textBytesAndChunksReadAfterChunkBuffersContinueExactly() throws Exception {
        String text = TestFiles.text(6 * ReadAhead.BLOCK, 300, 21);
        Path file = TestFiles.write(dir.resolve("t.txt"), text);
        byte[] content = utf8(text);
        for (int next = 0; next < 5; next++) {
            try (AsyncFile f = AsyncFiles.open(file)) {
                var it = f.chunkBuffers(64 * 1024 + 1).iterator(); // direct blocks, in flight and buffered
                for (int c = 0; c < 6; c++) {
                    it.next();
                }
                int at = (int) f.position();
                switch (next) {
                    case 0 -> {
                        while ((content[at] & 0xC0) == 0x80) { // start at a character
                            f.read(1);
                            at++;
                        }
                        List<String> lines = new ArrayList<>();
                        for (String line : f.lines()) {
                            lines.add(line);
                        }
                        String rest = new String(content, at, content.length - at, StandardCharsets.UTF_8);
                        assertThat(lines).isEqualTo(rest.lines().toList());
                    }
                    case 1 ->
                        assertThat(f.read(3 * ReadAhead.BLOCK))
                                .isEqualTo(Arrays.copyOfRange(content, at, at + 3 * ReadAhead.BLOCK));
                    case 2 -> {
                        ByteBuffer b = ByteBuffer.allocate(2 * ReadAhead.BLOCK + 7);
                        assertThat(f.read(b)).isEqualTo(b.capacity());
                        assertThat(b.array()).isEqualTo(Arrays.copyOfRange(content, at, at + b.capacity()));
                    }
                    case 3 -> {
                        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                        for (byte[] c : f.chunks(100_000)) {
                            all.write(c);
                        }
                        assertThat(all.toByteArray()).isEqualTo(Arrays.copyOfRange(content, at, content.length));
                    }
                    default -> assertThat(f.readAll()).isEqualTo(Arrays.copyOfRange(content, at, content.length));
                }
            }
        }
    }

    @AsyncioTest
    void utf16LinesReadAfterChunkBuffersContinueExactly() throws Exception {
        // a code unit of two bytes: the line search joins the blocks into one array, direct ones included
        String text = TestFiles.text(3 * ReadAhead.BLOCK, 200, 22);
        Path file = TestFiles.write(dir.resolve("t16.txt"), text.getBytes(StandardCharsets.UTF_16LE));
        try (AsyncFile f = AsyncFiles.open(file)) {
            var it = f.chunkBuffers(4096).iterator();
            it.next();
            List<String> lines = new ArrayList<>();
            for (String line : f.lines(StandardCharsets.UTF_16LE)) {
                lines.add(line);
            }
            assertThat(lines).isEqualTo(text.substring(2048).lines().toList());
        }
    }

    @AsyncioTest
    void randomReadsAndSeeksReturnWhatTheFileHolds() throws Exception {
        byte[] content = TestFiles.random(5 * ReadAhead.BLOCK + 333, 8);
        Path file = TestFiles.write(dir.resolve("a.bin"), content);
        java.util.Random r = new java.util.Random(8);
        try (AsyncFile f = AsyncFiles.open(file)) {
            for (int op = 0; op < 3000; op++) {
                int at = (int) f.position();
                switch (r.nextInt(6)) {
                    case 0 -> f.seek(r.nextInt(content.length + 10));
                    case 1 -> f.seek(Math.max(0, at - r.nextInt(1000)));
                    case 2 -> {
                        int n = r.nextInt(70_000);
                        byte[] got = f.read(n);
                        assertThat(got)
                                .isEqualTo(Arrays.copyOfRange(
                                        content, Math.min(at, content.length), Math.min(at + n, content.length)));
                    }
                    case 3 -> {
                        ByteBuffer b = ByteBuffer.allocate(r.nextInt(1, 300_000));
                        int n = f.read(b);
                        int expected = Math.min(b.capacity(), content.length - at);
                        assertThat(n).isEqualTo(expected <= 0 ? -1 : expected);
                        if (n > 0) {
                            assertThat(Arrays.copyOf(b.array(), n)).isEqualTo(Arrays.copyOfRange(content, at, at + n));
                        }
                    }
                    case 4 -> {
                        var it = f.chunkBuffers(r.nextInt(1, 200_000)).iterator();
                        if (it.hasNext()) {
                            ByteBuffer c = it.next();
                            byte[] got = new byte[c.remaining()];
                            c.get(got);
                            assertThat(got).isEqualTo(Arrays.copyOfRange(content, at, at + got.length));
                        } else {
                            assertThat(at).isGreaterThanOrEqualTo(content.length);
                        }
                    }
                    default -> {
                        var it = f.chunks(r.nextInt(1, 200_000)).iterator();
                        if (it.hasNext()) {
                            byte[] got = it.next();
                            assertThat(got).isEqualTo(Arrays.copyOfRange(content, at, at + got.length));
                        }
                    }
                }
            }
        }
    }

    @AsyncioTest
    void thePositionStaysExactBetweenTextAndByteReads() throws Exception {
        Path file = TestFiles.write(dir.resolve("t.txt"), "héllo\r\nwörld\nrest");
        try (AsyncFile f = AsyncFiles.open(file)) {
            assertThat(f.readLine()).isEqualTo("héllo");
            assertThat(f.position()).isEqualTo(utf8("héllo\r\n").length);
            assertThat(new String(f.read(3), StandardCharsets.UTF_8)).isEqualTo("wö");
            assertThat(f.readLine()).isEqualTo("rld");
            assertThat(f.readString()).isEqualTo("rest");
        }
    }

    @AsyncioTest
    void seekInsideAndOutsideTheReadAheadReadsTheRightBytes() throws Exception {
        byte[] content = TestFiles.random(4 * ReadAhead.BLOCK, 5);
        Path file = TestFiles.write(dir.resolve("a.bin"), content);
        try (AsyncFile f = AsyncFiles.open(file)) {
            f.read(1);
            f.seek(100); // inside the block read ahead
            assertThat(f.read(4)).isEqualTo(Arrays.copyOfRange(content, 100, 104));
            f.seek(3L * ReadAhead.BLOCK + 7); // outside
            assertThat(f.read(4))
                    .isEqualTo(Arrays.copyOfRange(content, 3 * ReadAhead.BLOCK + 7, 3 * ReadAhead.BLOCK + 11));
            f.seek(2); // backwards
            assertThat(f.read(2)).isEqualTo(Arrays.copyOfRange(content, 2, 4));
            f.seek(content.length + 10L); // past the end: nothing to read
            assertThat(f.read(4)).isEmpty();
            assertThatThrownBy(() -> f.seek(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @AsyncioTest
    void readIntoAByteBufferFillsItAndReportsTheEnd() throws Exception {
        byte[] content = TestFiles.random(100, 6);
        Path file = TestFiles.write(dir.resolve("a.bin"), content);
        try (AsyncFile f = AsyncFiles.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(60);
            assertThat(f.read(b)).isEqualTo(60);
            assertThat(b.flip().remaining()).isEqualTo(60);
            b.clear();
            assertThat(f.read(b)).isEqualTo(40);
            assertThat(f.read(b.clear())).isEqualTo(-1);
        }
    }

    @AsyncioTest
    void malformedInputThrowsAndLeavesTheLineForARetryThatReplacesIt() throws Exception {
        byte[] bad = {'o', 'k', '\n', 'b', (byte) 0xFF, 'd', '\n', 'e', 'n', 'd'};
        Path file = TestFiles.write(dir.resolve("bad.txt"), bad);
        try (AsyncFile f = AsyncFiles.open(file)) {
            assertThat(f.readLine()).isEqualTo("ok");
            assertThatThrownBy(f::readLine).isInstanceOf(MalformedInputException.class);
            assertThat(f.position()).isEqualTo(3);
            assertThat(f.readLine(StandardCharsets.UTF_8, CodingErrorAction.REPLACE))
                    .isEqualTo("b\uFFFDd");
            assertThat(f.readLine()).isEqualTo("end");
            f.seek(3);
            assertThat(f.readLine(StandardCharsets.UTF_8, CodingErrorAction.IGNORE))
                    .isEqualTo("bd");
            f.seek(0);
            assertThatThrownBy(() -> {
                        for (String line : f.lines()) {
                            assertThat(line).isEqualTo("ok");
                        }
                    })
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(MalformedInputException.class);
            f.seek(0);
            assertThatThrownBy(f::readString).isInstanceOf(MalformedInputException.class);
            assertThat(f.position()).isZero();
        }
    }

    @AsyncioTest
    void aGenuineReplacementCharacterIsNotMalformed() throws Exception {
        Path file = TestFiles.write(dir.resolve("t.txt"), "a\uFFFDb\n");
        try (AsyncFile f = AsyncFiles.open(file)) {
            assertThat(f.readLine()).isEqualTo("a\uFFFDb");
        }
    }

    @AsyncioTest
    void utf16LinesFollowTheByteOrderMark() throws Exception {
        String text = "première\r\nsecond\nthird";
        for (Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            byte[] bom = cs == StandardCharsets.UTF_16LE
                    ? new byte[] {(byte) 0xFF, (byte) 0xFE}
                    : new byte[] {(byte) 0xFE, (byte) 0xFF};
            byte[] body = text.getBytes(cs);
            byte[] withBom = new byte[bom.length + body.length];
            System.arraycopy(bom, 0, withBom, 0, bom.length);
            System.arraycopy(body, 0, withBom, bom.length, body.length);
            Path file = TestFiles.write(dir.resolve(cs.name() + ".txt"), withBom);
            try (AsyncFile f = AsyncFiles.open(file)) {
                assertThat(f.lines(StandardCharsets.UTF_16)).containsExactly("première", "second", "third");
                f.seek(0);
                assertThat(f.readLine(StandardCharsets.UTF_16)).isEqualTo("première");
                assertThat(f.position()).isEqualTo(2 + 2 * "première\r\n".length());
            }
            Path plain = TestFiles.write(dir.resolve(cs.name() + "-plain.txt"), body);
            try (AsyncFile f = AsyncFiles.open(plain)) {
                assertThat(f.lines(cs)).containsExactly("première", "second", "third");
            }
        }
    }

    @AsyncioTest
    void linesOfOtherCharsetsDecode() throws Exception {
        String text = "日本語のテキスト\n二行目\r\nend";
        for (String name : List.of("Shift_JIS", "EUC-JP", "GB18030", "ISO-8859-1", "UTF-32")) {
            Charset cs = Charset.forName(name);
            String t = cs.newEncoder().canEncode(text) ? text : "caf\u00e9\nna\u00efve\r\nend";
            Path file = TestFiles.write(dir.resolve(name + ".txt"), t.getBytes(cs));
            List<String> expected =
                    new BufferedReader(new StringReader(t)).lines().toList();
            try (AsyncFile f = AsyncFiles.open(file)) {
                assertThat(f.lines(cs)).as(name).containsExactlyElementsOf(expected);
            }
        }
    }

    @AsyncioTest
    void anEmptyFileHasNoLinesNoChunksAndNoBytes() throws Exception {
        Path file = TestFiles.write(dir.resolve("empty"), new byte[0]);
        try (AsyncFile f = AsyncFiles.open(file)) {
            assertThat(f.lines()).isEmpty();
            assertThat(f.chunks(10)).isEmpty();
            assertThat(f.readAll()).isEmpty();
            assertThat(f.readLine()).isNull();
            assertThat(f.readString()).isEmpty();
        }
    }

    @AsyncioTest
    void aNamedPipeIsReadInSequenceAndCannotSeekBack() throws Exception {
        Path fifo = TestFiles.fifo(dir.resolve("pipe"));
        var writer = io.jasyncio.Asyncio.createTask(() ->
                io.jasyncio.Asyncio.toThread(() -> java.nio.file.Files.writeString(fifo, "first\nsecond\nthird")));
        try (AsyncFile f = AsyncFiles.open(fifo)) {
            assertThat(f.readLine()).isEqualTo("first");
            assertThatThrownBy(() -> f.seek(0)).isInstanceOf(IOException.class).hasMessageContaining("not seekable");
            assertThat(f.readAll()).isEqualTo(utf8("second\nthird"));
            assertThat(f.position()).isEqualTo(utf8("first\nsecond\nthird").length);
        }
        writer.await();
    }
}
