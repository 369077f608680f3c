package io.jasyncio.spi;

/**
 * A channel registered with a loop, and what to run when it becomes readable or writable. User callbacks run in the
 * loop's callback runner; internal ones (library code that never blocks: waking a waiter, a carrier-safe
 * transport's read) run on the carrier. Loop-confined.
 */
public interface IoSource {
    /**
     * Installs (or, with {@code null}, removes) the callback run each time the channel is readable (or has a
     * connection to accept); {@code user} says whether it is user code, which never runs on the bare carrier.
     */
    void setReader(@org.jspecify.annotations.Nullable Runnable callback, boolean user);

    /**
     * Installs (or, with {@code null}, removes) the callback run each time the channel is writable (or, for a
     * connecting socket, finished connecting); {@code user} as for {@link #setReader}.
     */
    void setWriter(@org.jspecify.annotations.Nullable Runnable callback, boolean user);

    boolean hasReader();

    boolean hasWriter();

    /** Deregisters the channel from the loop (the channel stays open). */
    void cancel();

    /**
     * Deregisters the channel and closes it, its socket closed when this returns. (A channel closed while registered
     * with a Java selector keeps its socket open until the selector's next select: a listening socket would go on
     * completing connections meanwhile.)
     *
     * @throws java.io.IOException if closing the channel failed
     */
    void cancelAndClose() throws java.io.IOException;
}
