package io.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExamplesTest {

    static Stream<Example> examples() {
        return Examples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleRunsToTheEndAndTellsItsStory(Example example) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.run(out);
        }
        String story = bytes.toString(StandardCharsets.UTF_8);
        assertThat(story.lines().count()).as(story).isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleHasANameAndASummary(Example example) {
        assertThat(example.name()).matches("[a-z][a-z-]*");
        assertThat(example.summary()).isNotBlank();
    }

    @Test
    void exampleNamesAreUnique() {
        Set<String> names = new HashSet<>();
        Examples.all().forEach(e -> assertThat(names.add(e.name())).as(e.name()).isTrue());
    }
}
