/**
 * JUnit Jupiter support for testing code built on jasyncio. Start with {@link io.jasyncio.testing.AsyncioTest}:
 * it runs a test method as the main task of a fresh event loop on a virtual clock and fails the
 * test when it leaks tasks, file descriptors, threads or child processes. Types are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package io.jasyncio.testing;

import org.jspecify.annotations.NullMarked;
