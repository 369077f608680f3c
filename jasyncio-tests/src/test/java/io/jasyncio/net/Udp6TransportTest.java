package io.jasyncio.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.BeforeAll;

/** The datagram transport contract over UDP on IPv6 loopback (skipped where the machine has none). */
class Udp6TransportTest extends DatagramTransportContract {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("::1");

    @BeforeAll
    static void needsIpv6Loopback() {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            probe.bind(new InetSocketAddress(LOOPBACK, 0));
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "no IPv6 loopback: " + e);
        }
    }

    @Override
    InetAddress loopback() {
        return LOOPBACK;
    }
}
