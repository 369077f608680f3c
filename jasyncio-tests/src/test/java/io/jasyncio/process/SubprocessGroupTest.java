package io.jasyncio.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.AsyncioTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Signals and process groups with real children. */
class SubprocessGroupTest {
    private static final SubprocessOptions OUT = SubprocessOptions.defaults().withStdout(Redirect.PIPE);

    /** The process group of a process, from {@code /proc/<pid>/stat} (the field after the state and ppid). */
    private static long processGroup(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
        return Long.parseLong(after[2]);
    }

    @AsyncioTest(realClock = true)
    void aNewProcessGroupIsLedByTheChildItself() throws Exception {
        Subprocess own = Subprocess.exec(
                List.of("sleep", "100"), SubprocessOptions.defaults().withNewProcessGroup(true));
        Subprocess shared = Subprocess.exec(List.of("sleep", "100"));
        try {
            assertThat(processGroup(own.pid())).isEqualTo(own.pid());
            assertThat(processGroup(shared.pid()))
                    .isEqualTo(processGroup(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> shared.sendSignalToGroup(SubprocessTransport.SIGTERM))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            own.kill();
            shared.kill();
        }
        assertThat(own.awaitExit()).isEqualTo(-9);
        assertThat(shared.awaitExit()).isEqualTo(-9);
    }

    @AsyncioTest(realClock = true)
    void killingTheGroupReachesTheGrandchildren() throws Exception {
        // the shell's background child keeps stdout open: end of file comes only once it is dead too
        Subprocess sh = Subprocess.shell("sleep 100 & echo $!; wait", OUT.withNewProcessGroup(true));
        long grandchild = Long.parseLong(new String(sh.stdout().readLine(), UTF_8).strip());
        assertThat(processGroup(grandchild)).isEqualTo(sh.pid());
        sh.killGroup();
        assertThat(sh.awaitExit()).isEqualTo(-9);
        assertThat(Asyncio.withTimeout(Duration.ofSeconds(30), () -> sh.stdout().read(-1)))
                .isEmpty();
    }

    @AsyncioTest(realClock = true)
    void killingOnlyTheChildLeavesTheGrandchildHoldingThePipe() throws Exception {
        Subprocess sh = Subprocess.shell("sleep 100 & echo $!; wait", OUT.withNewProcessGroup(true));
        sh.stdout().readLine();
        sh.kill();
        assertThat(sh.awaitExit()).isEqualTo(-9);
        Asyncio.sleep(Duration.ofMillis(100));
        assertThat(sh.stdout().atEof()).isFalse(); // the grandchild lives on: the control for the test above
        sh.sendSignalToGroup(SubprocessTransport.SIGKILL); // the group outlives its leader
        assertThat(Asyncio.withTimeout(Duration.ofSeconds(30), () -> sh.stdout().read(-1)))
                .isEmpty();
    }

    @AsyncioTest(realClock = true)
    void anyNumberedSignalReachesTheChild() throws Exception {
        // the shell reports a trapped SIGUSR1 (10 on Linux) and exits by itself
        Subprocess sh =
                Subprocess.shell("trap 'echo usr1; exit 0' USR1; echo ready; while :; do sleep 0.01; done", OUT);
        assertThat(sh.stdout().readLine()).isEqualTo("ready\n".getBytes(UTF_8));
        sh.sendSignal(10);
        assertThat(sh.stdout().readLine()).isEqualTo("usr1\n".getBytes(UTF_8));
        assertThat(sh.awaitExit()).isZero();
        assertThatThrownBy(() -> sh.sendSignal(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
