package io.jasyncio.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.process.Subprocess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The positive controls of {@link AsyncioTest}'s leak checks: sample tests that leak a task, a socket or a child
 * process on purpose
 * fail, a clean one passes. The samples run through the JUnit launcher, never on their own.
 */
class LeakChecksTest {
    private static final String SAMPLES = "io.jasyncio.testing.samples";

    /** The pid of the child {@link Samples#leavesASubprocessRunning()} leaks, killed by the test that ran it. */
    private static volatile long leakedChild;

    /** The socket {@link Samples#leavesASocketOpen()} leaks, closed again by the test that ran it. */
    private static @Nullable ServerSocketChannel leakedSocket;

    /** Runs one sample test and returns its failures. */
    private static List<TestExecutionSummary.Failure> runSample(String method) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(DiscoverySelectors.selectMethod(Samples.class, method))
                                .configurationParameter(SAMPLES, "true")
                                .build(),
                        listener);
        assertThat(listener.getSummary().getTestsStartedCount())
                .as("samples run")
                .isEqualTo(1);
        return listener.getSummary().getFailures();
    }

    @Test
    void aTestThatLeavesATaskRunningFails() {
        assertThat(runSample("leavesATaskRunning"))
                .singleElement()
                .satisfies(f -> assertThat(f.getException())
                        .isInstanceOf(AssertionError.class)
                        .hasMessageContaining("left 1 task(s) running")
                        .hasMessageContaining("forgotten"));
    }

    @Test
    void aTestThatLeavesASocketOpenFails() throws IOException {
        try {
            assertThat(runSample("leavesASocketOpen"))
                    .singleElement()
                    .satisfies(f -> assertThat(f.getException())
                            .isInstanceOf(AssertionError.class)
                            .hasMessageContaining("leaked resources")
                            .hasMessageContaining("socket:"));
        } finally {
            ServerSocketChannel s = leakedSocket;
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void aTestThatLeavesASubprocessRunningFails() throws Exception {
        try {
            assertThat(runSample("leavesASubprocessRunning"))
                    .singleElement()
                    .satisfies(f -> assertThat(f.getException())
                            .isInstanceOf(AssertionError.class)
                            .hasMessageContaining("leaked resources")
                            .hasMessageContaining("child process " + leakedChild)
                            .hasMessageContaining("sleep"));
        } finally {
            ProcessHandle.of(leakedChild).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().join();
            });
        }
    }

    @Test
    void aTestThatCleansUpPasses() {
        assertThat(runSample("closesWhatItOpens")).isEmpty();
    }

    /** Runs a class's tests only when {@link #runSample} launches them. */
    static final class OnlyThroughTheLauncher implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(SAMPLES).isPresent()
                    ? ConditionEvaluationResult.enabled("launched by LeakChecksTest")
                    : ConditionEvaluationResult.disabled("a sample for LeakChecksTest");
        }
    }

    @ExtendWith(OnlyThroughTheLauncher.class)
    static final class Samples {
        @AsyncioTest
        void leavesATaskRunning() {
            Asyncio.createTask("forgotten", () -> {
                Asyncio.sleep(Duration.ofDays(1));
                return null;
            });
        }

        @AsyncioTest(realClock = true)
        void leavesASubprocessRunning() throws IOException {
            leakedChild = Subprocess.exec(List.of("sleep", "100")).pid();
        }

        @AsyncioTest(realClock = true)
        void leavesASocketOpen() throws IOException {
            ServerSocketChannel s = ServerSocketChannel.open();
            leakedSocket = s;
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }

        @AsyncioTest(realClock = true)
        void closesWhatItOpens() throws IOException {
            try (ServerSocketChannel s = ServerSocketChannel.open()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            }
        }
    }
}
