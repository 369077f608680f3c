package io.jasyncio.net;

import java.net.InetAddress;

/** The datagram transport contract over UDP on IPv4 loopback. */
class UdpTransportTest extends DatagramTransportContract {

    @Override
    InetAddress loopback() {
        return InetAddress.ofLiteral("127.0.0.1");
    }
}
