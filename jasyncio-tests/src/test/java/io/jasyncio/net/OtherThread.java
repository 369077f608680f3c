package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Calls loop-confined operations from a thread that is not the loop's, for the transport contracts. */
final class OtherThread {
    private OtherThread() {}

    /** Runs each operation on a worker thread and asserts that every one failed with a clear thread error. */
    static void assertEachFailsWithAThreadError(List<Runnable> operations) throws Exception {
        List<@Nullable Throwable> failures = Asyncio.toThread(() -> {
            List<@Nullable Throwable> out = new ArrayList<>();
            for (Runnable op : operations) {
                try {
                    op.run();
                    out.add(null);
                } catch (RuntimeException e) {
                    out.add(e);
                }
            }
            return out;
        });
        assertThat(failures)
                .hasSize(operations.size())
                .allSatisfy(e ->
                        assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("thread"));
    }
}
