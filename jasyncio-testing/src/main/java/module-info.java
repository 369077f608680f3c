/**
 * Test support for code built on jasyncio: a JUnit Jupiter extension that runs a test body as the
 * main task of a fresh loop, a virtual clock, leak checks, and test certificates made with openssl.
 */
module io.jasyncio.testing {
    requires transitive io.jasyncio;
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.commons;
    requires static org.jspecify;

    exports io.jasyncio.testing;
}
