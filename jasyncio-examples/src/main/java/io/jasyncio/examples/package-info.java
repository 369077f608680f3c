/**
 * The seed scenarios of jasyncio as runnable programs: each class ports one example of the asyncio tutorials
 * jasyncio grew from, is a small and complete use of the public API with a {@code main}, and is listed in
 * {@link io.jasyncio.examples.Examples} so that {@code ./jasyncio demo} and the tests run it. The module's
 * {@code README.md} maps every seed scenario to its example. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.jasyncio.examples;

import org.jspecify.annotations.NullMarked;
