/**
 * The {@code jasyncio} command. {@link io.jasyncio.cli.Main} parses the command line with picocli
 * and runs one subcommand per class ({@link io.jasyncio.cli.DemoCommand}, {@link
 * io.jasyncio.cli.TestCommand}, picocli's help). The {@code ./jasyncio} launcher at the repository
 * root builds this module and runs it with a JDK 25. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.jasyncio.cli;

import org.jspecify.annotations.NullMarked;
