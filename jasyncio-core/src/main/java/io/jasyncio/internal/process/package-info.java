/** Child processes behind {@code io.jasyncio.process}: spawning, exit, signals (not exported). */
@NullMarked
package io.jasyncio.internal.process;

import org.jspecify.annotations.NullMarked;
