/**
 * JMH micro-benchmarks of the core loop (task switches, task creation, callbacks, cross-thread posts) and a
 * footprint probe for parked tasks. Every JMH benchmark runs in both scheduling modes through its {@code mode}
 * parameter; see {@code docs/benchmarks.md} for the commands and the figures.
 */
@NullMarked
package io.jasyncio.benchmarks;

import org.jspecify.annotations.NullMarked;
