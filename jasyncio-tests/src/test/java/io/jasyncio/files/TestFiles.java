package io.jasyncio.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Test files: made with the JDK's blocking calls (test set-up, not the code under test). */
final class TestFiles {
    private TestFiles() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Path write(Path file, byte[] content) throws IOException {
        return Files.write(file, content);
    }

    static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content);
    }

    /** Random bytes, the same for the same seed. */
    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * Lines of random lengths (0 to {@code maxLength}, some non-ASCII) ended by a mix of {@code \n}, {@code \r\n}
     * and {@code \r}, until the text reaches {@code size} chars.
     */
    static String text(int size, int maxLength, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(size + maxLength + 2);
        String[] breaks = {"\n", "\r\n", "\r"};
        while (sb.length() < size) {
            int len = r.nextInt(maxLength + 1);
            StringBuilder line = new StringBuilder(len);
            for (int i = 0; i < len; i++) {
                line.append(r.nextInt(50) == 0 ? 'é' : (char) ('a' + r.nextInt(26)));
            }
            sb.append(line).append(breaks[r.nextInt(breaks.length)]);
        }
        return sb.toString();
    }

    /** Makes a named pipe (with the system's {@code mkfifo}). */
    static Path fifo(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", file.toString()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo failed for " + file);
        }
        return file;
    }

    /** The number of this process's open file descriptors that point at {@code file}. */
    static int openDescriptors(Path file) throws IOException {
        List<Path> fds = new ArrayList<>();
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            s.forEach(fds::add);
        }
        int n = 0;
        for (Path fd : fds) {
            try {
                if (Files.readSymbolicLink(fd).equals(file.toAbsolutePath())) {
                    n++;
                }
            } catch (IOException e) {
                // closed while we looked
            }
        }
        return n;
    }
}
