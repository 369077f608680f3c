/**
 * Pooled direct byte segments for the bulk data path: the {@link io.jasyncio.internal.buffer.SegmentQueue} under
 * every {@code StreamReader} and socket write queue, the per-loop {@link io.jasyncio.internal.buffer.SegmentPool}
 * and the {@link io.jasyncio.internal.buffer.AdaptiveReadSize} that picks how much a read asks for. Not API: never
 * exported.
 */
@NullMarked
package io.jasyncio.internal.buffer;

import org.jspecify.annotations.NullMarked;
