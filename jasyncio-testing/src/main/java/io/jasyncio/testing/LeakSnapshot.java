package io.jasyncio.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The process's open file descriptors, platform threads and child processes at one moment, and what was added
 * since. Threads and processes get a few seconds to finish before they count as leaked (a closed loop's
 * helper threads end asynchronously); file descriptors get a garbage collection.
 */
final class LeakSnapshot {
    private static final Path FD_DIR = Path.of("/proc/self/fd");
    /** JVM and JDK threads that come and go on their own. */
    private static final List<String> IGNORED_THREAD_PREFIXES = List.of(
            "ForkJoinPool",
            "VirtualThread-",
            "process reaper",
            "Common-Cleaner",
            "Attach Listener",
            "Signal Dispatcher",
            "Notification Thread",
            "surefire",
            "jasyncio-reaper",
            "junit",
            "JFR",
            "RMI",
            "C1 ",
            "C2 ");

    /** How long threads and processes get to end before they count as leaked. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final Map<String, String> fds;
    private final Set<Long> threads;
    private final Set<Long> children;

    private LeakSnapshot(Map<String, String> fds, Set<Long> threads, Set<Long> children) {
        this.fds = fds;
        this.threads = threads;
        this.children = children;
    }

    static LeakSnapshot take() {
        return new LeakSnapshot(openFds(), threadIds(), childPids());
    }

    /** Describes what leaked since this snapshot, waiting a little for things that end asynchronously. */
    String leaksSince() {
        return leaksSince(SETTLE);
    }

    /**
     * Describes what leaked since this snapshot, waiting up to {@code settle} for things that end asynchronously
     * (the extension's own tests pass a short one to their positive controls, which leak on purpose).
     */
    String leaksSince(Duration settle) {
        long deadline = System.nanoTime() + settle.toNanos();
        String report;
        boolean gced = false;
        while (true) {
            report = describeLeaks();
            if (report.isEmpty() || System.nanoTime() > deadline) {
                return report;
            }
            if (!gced) {
                System.gc();
                gced = true;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return report;
            }
        }
    }

    private String describeLeaks() {
        StringBuilder sb = new StringBuilder();
        Map<String, String> nowFds = openFds();
        for (var e : nowFds.entrySet()) {
            String before = fds.get(e.getKey());
            if (before == null || !before.equals(e.getValue())) {
                if (!ignoredFd(e.getValue())) {
                    sb.append("  file descriptor ")
                            .append(e.getKey())
                            .append(" -> ")
                            .append(e.getValue())
                            .append('\n');
                }
            }
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !threads.contains(t.threadId()) && !ignoredThread(t.getName())) {
                sb.append("  thread '").append(t.getName()).append("'\n");
            }
        }
        try (Stream<ProcessHandle> kids = ProcessHandle.current().children()) {
            kids.filter(p -> p.isAlive() && !children.contains(p.pid()))
                    .forEach(p -> sb.append("  child process ")
                            .append(p.pid())
                            .append(' ')
                            .append(p.info().commandLine().orElse("?"))
                            .append('\n'));
        }
        return sb.toString();
    }

    private static boolean ignoredFd(String target) {
        // class-path jars opened lazily, and surefire's own report files
        return target.endsWith(".jar")
                || target.contains("surefire")
                || target.contains("/jvm/")
                || target.startsWith("/proc/");
    }

    private static boolean ignoredThread(String name) {
        for (String p : IGNORED_THREAD_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> openFds() {
        Map<String, String> result = new HashMap<>();
        if (!Files.isDirectory(FD_DIR)) {
            return result;
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(FD_DIR)) {
            s.forEach(entries::add);
        } catch (IOException e) {
            return result;
        }
        for (Path p : entries) {
            try {
                result.put(p.getFileName().toString(), Files.readSymbolicLink(p).toString());
            } catch (IOException e) {
                // closed while we looked (e.g. the directory stream's own descriptor)
            }
        }
        return result;
    }

    private static Set<Long> threadIds() {
        Set<Long> ids = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ids.add(t.threadId());
        }
        return ids;
    }

    private static Set<Long> childPids() {
        Set<Long> pids = new HashSet<>();
        try (Stream<ProcessHandle> kids = ProcessHandle.current().children()) {
            kids.forEach(p -> pids.add(p.pid()));
        }
        return pids;
    }
}
