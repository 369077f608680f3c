package io.jasyncio.net;

import java.net.InetAddress;

/** The datagram transport contract over UDP on IPv6 loopback. */
class Udp6TransportTest extends DatagramTransportContract {

    @Override
    InetAddress loopback() {
        return InetAddress.ofLiteral("::1");
    }
}
