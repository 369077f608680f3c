/**
 * JUnit Jupiter support for testing code built on jasyncio. Start with {@link io.jasyncio.testing.AsyncioTest}:
 * it runs a test method as the main task of a fresh event loop on a virtual clock and fails the
 * test when it leaks tasks, file descriptors, threads or child processes. For TLS tests,
 * {@link io.jasyncio.testing.TestCertificates} makes a CA and certificates with {@code openssl}. Types are non-null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package io.jasyncio.testing;

import org.jspecify.annotations.NullMarked;
