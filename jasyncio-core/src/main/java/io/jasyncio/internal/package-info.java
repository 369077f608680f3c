/** The built-in selector loop and its scheduling machinery. Not API: never exported. */
@NullMarked
package io.jasyncio.internal;

import org.jspecify.annotations.NullMarked;
