package io.jasyncio.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHeadersTest {

    @Test
    void newMapIsEmpty() {
        var headers = HttpHeaders.create();

        assertThat(headers.size()).isZero();
        assertThat(headers.names()).isEmpty();
        assertThat(headers.firstValue("Host")).isEmpty();
        assertThat(headers.allValues("Host")).isEmpty();
        assertThat(headers.contains("Host")).isFalse();
        assertThat(headers).hasToString("HttpHeaders[]");
    }

    @Test
    void lookupsIgnoreAsciiCase() {
        var headers = HttpHeaders.create().add("Content-Type", "text/plain");

        assertThat(headers.firstValue("content-type")).contains("text/plain");
        assertThat(headers.firstValue("CONTENT-TYPE")).contains("text/plain");
        assertThat(headers.contains("cOnTeNt-TyPe")).isTrue();
    }

    @Test
    void lookupsDoNotFoldNonAsciiLettersOntoAscii() {
        var headers = HttpHeaders.create().add("Keep-Alive", "timeout=5");

        assertThat(headers.contains("\u212Aeep-Alive")).isFalse();
    }

    @Test
    void addKeepsEveryValueInOrder() {
        var headers = HttpHeaders.create()
                .add("Set-Cookie", "a=1")
                .add("Host", "example.org")
                .add("set-cookie", "b=2");

        assertThat(headers.allValues("SET-COOKIE")).containsExactly("a=1", "b=2");
        assertThat(headers.firstValue("Set-Cookie")).contains("a=1");
        assertThat(headers.size()).isEqualTo(3);
        assertThat(headers).hasToString("HttpHeaders[Set-Cookie: a=1, Host: example.org, set-cookie: b=2]");
    }

    @Test
    void namesAreDistinctInFirstOccurrenceOrderAndSpelling() {
        var headers = HttpHeaders.create()
                .add("Via", "1.1 a")
                .add("Host", "example.org")
                .add("VIA", "1.1 b");

        assertThat(headers.names()).containsExactly("Via", "Host");
    }

    @Test
    void setReplacesAllValuesAtThePositionOfTheFirst() {
        var headers = HttpHeaders.create()
                .add("Accept", "text/html")
                .add("Host", "example.org")
                .add("accept", "application/json");

        headers.set("ACCEPT", "*/*");

        assertThat(headers.allValues("Accept")).containsExactly("*/*");
        assertThat(headers.names()).containsExactly("ACCEPT", "Host");
        assertThat(headers.size()).isEqualTo(2);
    }

    @Test
    void setOnAnAbsentNameAppends() {
        var headers = HttpHeaders.create().add("Host", "example.org");

        headers.set("Accept", "*/*");

        assertThat(headers).hasToString("HttpHeaders[Host: example.org, Accept: */*]");
    }

    @Test
    void removeDropsEveryValueAndReportsWhetherAnyExisted() {
        var headers = HttpHeaders.create()
                .add("Via", "1.1 a")
                .add("Host", "example.org")
                .add("via", "1.1 b");

        assertThat(headers.remove("VIA")).isTrue();
        assertThat(headers.remove("Via")).isFalse();
        assertThat(headers.contains("Via")).isFalse();
        assertThat(headers.names()).containsExactly("Host");
    }

    @Test
    void returnedListsAreUnmodifiableSnapshots() {
        var headers = HttpHeaders.create().add("Via", "1.1 a");
        var values = headers.allValues("Via");
        var names = headers.names();

        headers.add("Via", "1.1 b").add("Host", "example.org");

        assertThat(values).containsExactly("1.1 a");
        assertThat(names).containsExactly("Via");
        assertThatThrownBy(() -> values.add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> names.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Custom_1", "!#$%&'*+-.^_`|~", "a", "0"})
    void acceptsEveryTokenCharacterInNames(String name) {
        var headers = HttpHeaders.create().add(name, "v");

        assertThat(headers.firstValue(name)).contains("v");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Content Type", "Host:", "X-\u00e9", "(comment)", "a\"b", "a/b", "X\r\nInjected"})
    void rejectsNamesThatAreNotTokens(String name) {
        var headers = HttpHeaders.create();

        assertThatThrownBy(() -> headers.add(name, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> headers.set(name, "v")).isInstanceOf(IllegalArgumentException.class);
        assertThat(headers.size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\u0000b", "ok\r\nSet-Cookie: evil=1"})
    void rejectsValuesWithCrLfOrNul(String value) {
        var headers = HttpHeaders.create().add("Host", "example.org");

        assertThatThrownBy(() -> headers.add("X", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CR, LF or NUL")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> headers.set("Host", value)).isInstanceOf(IllegalArgumentException.class);
        assertThat(headers).hasToString("HttpHeaders[Host: example.org]");
    }

    @Test
    void acceptsEmptyValuesAndInnerWhitespace() {
        var headers = HttpHeaders.create().add("X-Empty", "").add("X-Tab", "a\tb c");

        assertThat(headers.firstValue("X-Empty")).contains("");
        assertThat(headers.firstValue("X-Tab")).contains("a\tb c");
    }
}
