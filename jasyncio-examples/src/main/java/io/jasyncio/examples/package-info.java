/**
 * The seed scenarios of jasyncio as runnable programs, one class per scenario, each a small and
 * complete use of the public API that {@code ./jasyncio demo} runs end to end. Types are non-null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package io.jasyncio.examples;

import org.jspecify.annotations.NullMarked;
