/** The selector-backed transports and servers behind {@code io.jasyncio.net} (not exported). */
@NullMarked
package io.jasyncio.internal.net;

import org.jspecify.annotations.NullMarked;
