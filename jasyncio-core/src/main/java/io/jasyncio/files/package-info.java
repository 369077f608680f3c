/**
 * Async files (aiofiles): read and write files from tasks without blocking the loop.
 *
 * <ul>
 *   <li>{@link io.jasyncio.files.AsyncFiles}: {@code open} and the whole-file and file-system calls of
 *       {@link java.nio.file.Files} ({@code readString}, {@code write}, {@code move}, {@code list}, {@code walk},
 *       temporary files...);
 *   <li>{@link io.jasyncio.files.AsyncFile}: an open file, with {@code read}, {@code readLine}, {@code lines()},
 *       {@code chunks}, {@code write}, {@code seek}, {@code flush}, {@code truncate}, and {@code sendTo} a
 *       transport;
 *   <li>{@link io.jasyncio.files.PathListing} and {@link io.jasyncio.files.TempPath}: closeable results.
 * </ul>
 *
 * <p>Every blocking call runs on a small pool of platform threads per loop and the task waits for it, so the loop
 * keeps serving its other tasks; reads are fetched in large blocks so that a loop over lines or small chunks costs
 * one thread hop per block. Everything here is loop-confined: use it from tasks of the loop that opened it.
 */
@NullMarked
package io.jasyncio.files;

import org.jspecify.annotations.NullMarked;
