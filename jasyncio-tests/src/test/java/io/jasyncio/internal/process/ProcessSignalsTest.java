package io.jasyncio.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Both ways of sending a signal: {@code kill(2)} through the FFM API (the tests run with native access enabled) and
 * the {@code kill} program, which a JVM without native access uses.
 */
class ProcessSignalsTest {

    @Test
    void theSystemCallIsUsedWithNativeAccess() {
        assertThat(ProcessSignals.usesSystemCall()).isTrue();
    }

    @Test
    void theSystemCallSignalsAChildAndReportsAGoneOne() throws Exception {
        Process p = new ProcessBuilder("sleep", "100").start();
        assertThat(ProcessSignals.send(p.pid(), 15, false)).isTrue();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(128 + 15);
        assertThat(ProcessSignals.send(p.pid(), 15, false)).isFalse(); // reaped: no such process
    }

    @Test
    void theKillProgramSignalsAChildAndReportsAGoneOne() throws Exception {
        Process p = new ProcessBuilder("sleep", "100").start();
        assertThat(ProcessSignals.sendByProgram((int) p.pid(), 9)).isTrue();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(128 + 9);
        assertThat(ProcessSignals.sendByProgram((int) p.pid(), 9)).isFalse();
    }

    @Test
    void theKillProgramReachesAProcessGroup() throws Exception {
        Process p = new ProcessBuilder("setsid", "sleep", "100").start();
        awaitOwnProcessGroup(p.pid());
        assertThat(ProcessSignals.sendByProgram((int) -p.pid(), 9)).isTrue();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(128 + 9);
    }

    /**
     * Waits until {@code setsid} has made the child the leader of a process group of its own: until then the group
     * does not exist and signalling it fails (field 5 of {@code /proc/PID/stat} is the process group).
     */
    private static void awaitOwnProcessGroup(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String s = Files.readString(stat);
            String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ", -1);
            if (Long.parseLong(fields[2]) == pid) {
                return;
            }
            Thread.sleep(5); // polling /proc: there is no event for "the child called setsid"
        }
        throw new AssertionError("process " + pid + " did not become a process group leader");
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> ProcessSignals.send(12345, 0, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessSignals.send(12345, 65, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessSignals.send(1, 9, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessSignals.send(0, 9, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
