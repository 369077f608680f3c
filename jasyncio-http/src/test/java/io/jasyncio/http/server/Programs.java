package io.jasyncio.http.server;

import io.jasyncio.Asyncio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external programs the real-client tests use (installed by {@code .ci/run}), off the loop. */
final class Programs {

    /** What a program printed and how it ended. */
    record Result(int exit, String stdout, String stderr) {}

    private Programs() {}

    /** Debian's python3, which has aiohttp and requests (a pyenv shim first on PATH may not). */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Runs {@code command} to its end (at most 60 s) in a thread, so the loop keeps serving meanwhile. */
    static Result run(List<String> command) throws Exception {
        return Asyncio.toThread(() -> {
            var process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            var err = process.getErrorStream();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] errBytes = err.readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException("timed out: " + command);
            }
            return new Result(
                    process.exitValue(),
                    new String(out, StandardCharsets.UTF_8),
                    new String(errBytes, StandardCharsets.UTF_8));
        });
    }
}
