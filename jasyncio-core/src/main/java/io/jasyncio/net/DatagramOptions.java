package io.jasyncio.net;

/**
 * Options for {@link Networking#createDatagramEndpoint}.
 *
 * {@snippet :
 * var opts = DatagramOptions.defaults().withBroadcast(true);
 * }
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param broadcast set {@code SO_BROADCAST}
 * @param reuseAddress set {@code SO_REUSEADDR}
 * @param reusePort set {@code SO_REUSEPORT}
 */
public record DatagramOptions(boolean broadcast, boolean reuseAddress, boolean reusePort) {

    /** Returns the defaults: no broadcast, no address reuse. */
    public static DatagramOptions defaults() {
        return new DatagramOptions(false, false, false);
    }

    /**
     * Returns a copy with {@code SO_BROADCAST} on or off.
     *
     * @param on whether to set it
     * @return the copy
     */
    public DatagramOptions withBroadcast(boolean on) {
        return new DatagramOptions(on, reuseAddress, reusePort);
    }

    /**
     * Returns a copy with {@code SO_REUSEADDR} on or off.
     *
     * @param on whether to set it
     * @return the copy
     */
    public DatagramOptions withReuseAddress(boolean on) {
        return new DatagramOptions(broadcast, on, reusePort);
    }

    /**
     * Returns a copy with {@code SO_REUSEPORT} on or off.
     *
     * @param on whether to set it
     * @return the copy
     */
    public DatagramOptions withReusePort(boolean on) {
        return new DatagramOptions(broadcast, reuseAddress, on);
    }
}
