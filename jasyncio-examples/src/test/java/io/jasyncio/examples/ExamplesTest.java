package io.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExamplesTest {

    /** What each example's story must contain: the behaviour its seed shows. */
    private static final Map<String, List<String>> STORIES = Map.ofEntries(
            Map.entry("hello", List.of("Hello!\n     Hello!\n     World!\n     World!", "Hello, world!")),
            Map.entry("chained", List.of("So cool...", "Compute 1 + 2 ...", "1 + 2 = 3")),
            Map.entry("tasks", List.of("results [file-1, file-2, file-3]")),
            Map.entry(
                    "gather", List.of("[21.5, 14.0, 27.25]", "failed, shed sensor offline", "no answer within 50 ms")),
            Map.entry("future-result", List.of("Hello, Future!", "future.resultNow(): 42", "task.resultNow(): 42")),
            Map.entry("futures", List.of("the task got: pong")),
            Map.entry("task-errors", List.of("Caught an exception: Something went wrong!", "Task failed!", "FAILED")),
            Map.entry("cancel", List.of("worker: cleaning up", "every task is cancelled: true")),
            Map.entry("task-group", List.of("sensor offline", "stopped by its 30 ms timeout")),
            Map.entry("to-thread", List.of("Blocking function result", "333332833333500000")),
            Map.entry("run-forever", List.of("a9", "b9", "runForever returned", "loop closed")),
            Map.entry(
                    "sync",
                    List.of(
                            "Entering critical section\n   Exiting critical section\n"
                                    + "   Entering critical section\n   Exiting critical section",
                            "balance 500")),
            Map.entry("queue", List.of("Consumed 4", "shut down and empty, stopping", "all 12 jobs processed")),
            Map.entry("debug-mode", List.of("DebugMode: Hello!", "executing Task[busy", "DebugMode.lambda$")),
            Map.entry("stream-echo", List.of("got 'FROM JAVA'", "serving: false")),
            Map.entry(
                    "stream-echo-loop", List.of("server: Received 'Hello World!'", "client: Received: 'Hello World!'")),
            Map.entry(
                    "echo-protocols",
                    List.of("client: Data received: 'Hello World! (client 2)'", "Stop the event loop")),
            Map.entry("protocol-echo", List.of("client received 'ping over a protocol'")),
            Map.entry("sock-echo", List.of("got back 'héllo, wörld'")),
            Map.entry("read-timeout", List.of("Timeout! No data received", "received: 'late, but here'")),
            Map.entry("read-until", List.of("Received: second line", "'third li'", "Line too long")),
            Map.entry(
                    "connection-errors",
                    List.of(
                            "Received '0123456789'",
                            "Incomplete read: '012' (3 of 10 bytes)",
                            "java.net.SocketException: Connection reset",
                            "java.net.ConnectException")),
            Map.entry("robust-request", List.of("ping -> pong", "Operation timed out", "nobody listening: null")),
            Map.entry("large-data", List.of("the server counted 8388608 bytes")),
            Map.entry(
                    "file-read",
                    List.of(
                            "   kitchen 21.5\n   shed 14.0\n   attic 27.25",
                            "through AsyncFile.readString()",
                            "3 lines, the same text: true")),
            Map.entry(
                    "file-lines",
                    List.of(
                            "counted 1000000 lines, highest reading 39.9, last line 'sensor-0,39.9'",
                            "the ticker ticked on")),
            Map.entry(
                    "file-chunks",
                    List.of("chunk: 'Hello fr'", "chunk: 's!'", "256 chunks of 64 KiB, SHA-256 fbef5aa4c080b419")),
            Map.entry(
                    "sensors",
                    List.of(
                            "round 1: [21.0, 22.0, 23.0, 24.0, 25.0] -> average 23.0 C",
                            "round 3:",
                            "connections opened: 5",
                            "with a wrong password: 401 Unauthorized")),
            Map.entry(
                    "subprocess-ls",
                    List.of(
                            "STDOUT: total",
                            " notes.txt\n",
                            " zen.txt\n",
                            "STDERR: ''",
                            "exit status 0",
                            "No such file or directory",
                            "exit status 2")),
            Map.entry(
                    "subprocess-lines",
                    List.of(
                            "OUTPUT: 0 (after",
                            "OUTPUT: 4 (after",
                            "exit status 0; the ticker ticked on meanwhile: true",
                            "The Zen of Python, by Tim Peters",
                            "... 21 lines of the Zen of Python, exit status 0")),
            Map.entry(
                    "rest-service",
                    List.of(
                            "GET /api/items/1 -> 200 {\"id\": 1, \"name\": \"kettle\"}  (X-Response-Time set)",
                            "POST /api/items -> 201 {\"id\": 3, \"name\": \"lamp\"}",
                            "GET /api/items/99 -> 404 no item 99",
                            "GET /static/ -> 200 <h1>items</h1>",
                            "the request in flight finished: 200 done")));

    static Stream<Example> examples() {
        return Examples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleRunsToTheEndAndTellsItsSeedsStory(Example example) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.run(out);
        }
        String story = bytes.toString(StandardCharsets.UTF_8);
        assertThat(story.lines().count()).as(story).isGreaterThanOrEqualTo(2);
        assertThat(STORIES).as("expected story of " + example.name()).containsKey(example.name());
        assertThat(story).contains(STORIES.get(example.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleHasANameAndASummary(Example example) {
        assertThat(example.name()).matches("[a-z][a-z-]*");
        assertThat(example.summary()).isNotBlank();
    }

    /**
     * Jackson is an optional dependency of jasyncio-http, so it is not on this module's class path: the client works
     * and {@code json()} says what to add.
     */
    @Test
    void jsonWithoutJacksonSaysWhatToAdd() throws IOException {
        assertThat(io.jasyncio.Asyncio.run(() -> {
                    try (var sensors = io.jasyncio.net.Streams.startServer(SensorPolling::sensor, "127.0.0.1", 0);
                            var session = io.jasyncio.http.client.ClientSession.builder()
                                    .auth(io.jasyncio.http.client.BasicAuth.of("poller", "s3cret"))
                                    .header("X-Api-Key", "demo-key")
                                    .build()) {
                        var r = session.get("http://127.0.0.1:" + sensors.port() + "/sensors/1");
                        try {
                            r.json(Map.class);
                            return "no exception";
                        } catch (IllegalStateException e) {
                            return e.getMessage();
                        }
                    }
                }))
                .contains("tools.jackson.core:jackson-databind");
    }

    @Test
    void exampleNamesAreUnique() {
        Set<String> names = new HashSet<>();
        Examples.all().forEach(e -> assertThat(names.add(e.name())).as(e.name()).isTrue());
    }

    @Test
    void readmeMapsSeedScenariosToEveryExampleAndOnlyToExamples() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher row = Pattern.compile("(?m)^\\|[^\\n]*\\| `([a-z-]+)` \\| `([A-Za-z]+)`")
                .matcher(readme);
        Set<String> mapped = new HashSet<>();
        while (row.find()) {
            mapped.add(row.group(1) + " " + row.group(2));
        }
        Set<String> examples = Examples.all().stream()
                .map(e -> e.name() + " " + e.getClass().getSimpleName())
                .collect(Collectors.toSet());
        assertThat(mapped).containsExactlyInAnyOrderElementsOf(examples);
    }
}
