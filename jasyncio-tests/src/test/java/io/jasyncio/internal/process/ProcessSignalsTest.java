package io.jasyncio.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(ProcessSignals.sendByProgram((int) -p.pid(), 9)).isTrue();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(128 + 9);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> ProcessSignals.send(12345, 0, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessSignals.send(12345, 65, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessSignals.send(1, 9, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessSignals.send(0, 9, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
