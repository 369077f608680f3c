/**
 * Iteration that suspends: {@link io.jasyncio.internal.iteration.Lookahead}, the iterator under
 * {@code StreamReader.lines()} and the iterables of {@code io.jasyncio.files}. A leaf that depends on the JDK alone,
 * so the API packages may use it. Not API: never exported.
 */
@NullMarked
package io.jasyncio.internal.iteration;

import org.jspecify.annotations.NullMarked;
