package io.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The server's one HTTP date writer (Date, Last-Modified, cookie Expires). */
class HttpDateTest {

    @Test
    void writesImfFixdateWithATwoDigitDayInGmt() {
        assertThat(HttpDate.format(Instant.parse("1994-11-06T08:49:37Z"))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDate.format(Instant.parse("2030-12-25T23:59:59.999Z")))
                .isEqualTo("Wed, 25 Dec 2030 23:59:59 GMT");
    }

    @Test
    void theDateHeaderIsAnImfFixdate() {
        assertThat(HttpDate.now()).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    }

    @Test
    void readsOneDigitDaysFromLenientSenders() {
        assertThat(HttpDate.PARSER.parse("Wed, 2 Jan 2030 03:04:05 GMT", Instant::from))
                .isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
    }
}
