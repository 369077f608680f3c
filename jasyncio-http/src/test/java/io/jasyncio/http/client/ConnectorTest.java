package io.jasyncio.http.client;

import static io.jasyncio.http.client.RawServer.assertPoolConsistent;
import static io.jasyncio.http.client.RawServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.net.ConnectOptions;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Streams;
import io.jasyncio.testing.AsyncioTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The connector's pool: limits changeable at run time, FIFO waiters, cancellation, keep-alive expiry. */
class ConnectorTest {

    /** Starts a GET that holds its response (body unread) until {@code release} is set. */
    private static Task<String> hold(
            ClientSession session, String url, List<String> order, String name, io.jasyncio.sync.Event release) {
        return Asyncio.createTask(() -> {
            try (ClientResponse r = session.get(url)) {
                order.add(name);
                release.await();
                return r.text();
            }
        });
    }

    @AsyncioTest
    void waitersAreServedInArrivalOrder() throws Exception {
        try (var server = RawServer.fixed(ok("x"));
                var session = ClientSession.builder()
                        .connector(Connector.builder().limit(1).build())
                        .build()) {
            List<String> order = new ArrayList<>();
            var go = new io.jasyncio.sync.Event();
            go.set();
            var first = new io.jasyncio.sync.Event();
            Task<String> a = hold(session, server.url("/"), order, "a", first);
            Asyncio.sleep(Duration.ofMillis(10));
            List<Task<String>> rest = new ArrayList<>();
            for (String name : List.of("b", "c", "d", "e")) {
                rest.add(hold(session, server.url("/"), order, name, go));
                Asyncio.sleep(Duration.ZERO);
            }
            Asyncio.sleep(Duration.ofMillis(10));
            assertThat(session.connector().stats().waiting()).isEqualTo(4);
            first.set();
            a.await();
            Asyncio.gather(rest);
            assertThat(order).containsExactly("a", "b", "c", "d", "e");
            assertThat(server.connections()).isEqualTo(1);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void cancelledWaiterLeavesNoTraceAndTheNextOneGetsTheSlot() throws Exception {
        try (var server = RawServer.fixed(ok("x"));
                var session = ClientSession.builder()
                        .connector(Connector.builder().limit(1).build())
                        .build()) {
            List<String> order = new ArrayList<>();
            var release = new io.jasyncio.sync.Event();
            var go = new io.jasyncio.sync.Event();
            go.set();
            Task<String> a = hold(session, server.url("/"), order, "a", release);
            Asyncio.sleep(Duration.ofMillis(10));
            Task<String> b = hold(session, server.url("/"), order, "b", go);
            Task<String> c = hold(session, server.url("/"), order, "c", go);
            Asyncio.sleep(Duration.ofMillis(10));
            b.cancel();
            Asyncio.gatherSettled(b);
            assertThat(session.connector().stats().waiting()).isEqualTo(1);
            release.set();
            assertThat(a.await()).isEqualTo("x");
            assertThat(c.await()).isEqualTo("x");
            assertThat(order).containsExactly("a", "c");
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void waiterCancelledRightAfterItWasHandedTheSlotPassesItOn() throws Exception {
        try (var server = RawServer.fixed(ok("x"));
                var session = ClientSession.builder()
                        .connector(Connector.builder().limit(1).build())
                        .build()) {
            List<String> order = new ArrayList<>();
            var go = new io.jasyncio.sync.Event();
            go.set();
            ClientResponse held = session.get(server.url("/"));
            Task<String> b = hold(session, server.url("/"), order, "b", go);
            Task<String> c = hold(session, server.url("/"), order, "c", go);
            Asyncio.sleep(Duration.ofMillis(10));
            // Releasing hands the idle connection to b; b is cancelled before it resumes.
            held.text();
            held.close();
            b.cancel();
            assertThat(Asyncio.gatherSettled(b).get(0)).isInstanceOf(io.jasyncio.Outcome.Cancelled.class);
            assertThat(c.await()).isEqualTo("x");
            assertThat(order).containsExactly("c");
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void limitsChangeAtRunTime() throws Exception {
        try (var server = RawServer.fixed(ok("x"));
                var session = ClientSession.builder()
                        .connector(Connector.builder().limit(1).build())
                        .build()) {
            List<String> order = new ArrayList<>();
            var release = new io.jasyncio.sync.Event();
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(hold(session, server.url("/"), order, "t" + i, release));
            }
            Asyncio.sleep(Duration.ofMillis(10));
            assertThat(order).hasSize(1);
            session.connector().setLimit(4);
            Asyncio.sleep(Duration.ofMillis(10));
            assertThat(order).hasSize(4);
            assertThat(session.connector().stats().inUse()).isEqualTo(4);
            release.set();
            Asyncio.gather(tasks);
            session.connector().setLimit(2); // lowering closes idle connections over the limit
            assertThat(session.connector().stats().open()).isEqualTo(2);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void perHostLimitDoesNotHoldBackOtherHosts() throws Exception {
        try (var a = RawServer.fixed(ok("a"));
                var b = RawServer.fixed(ok("b"));
                var session = ClientSession.builder()
                        .connector(Connector.builder().limit(10).limitPerHost(1).build())
                        .build()) {
            List<String> order = new ArrayList<>();
            var release = new io.jasyncio.sync.Event();
            Task<String> a1 = hold(session, a.url("/"), order, "a1", release);
            Task<String> a2 = hold(session, a.url("/"), order, "a2", release);
            Asyncio.sleep(Duration.ofMillis(10));
            Task<String> b1 = hold(session, b.url("/"), order, "b1", release);
            Asyncio.sleep(Duration.ofMillis(10));
            assertThat(order).containsExactly("a1", "b1");
            session.connector().setLimitPerHost(2);
            Asyncio.sleep(Duration.ofMillis(10));
            assertThat(order).containsExactly("a1", "b1", "a2");
            release.set();
            Asyncio.gather(a1, a2, b1);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void idleConnectionsExpireAfterTheKeepAliveTimeout() throws Exception {
        try (var server = RawServer.fixed(ok("x"));
                var session = ClientSession.builder()
                        .connector(Connector.builder()
                                .keepAliveTimeout(Duration.ofSeconds(2))
                                .build())
                        .build()) {
            session.get(server.url("/")).close();
            assertThat(session.connector().stats().idle()).isEqualTo(1);
            Asyncio.sleep(Duration.ofSeconds(1));
            assertThat(session.connector().stats().idle()).isEqualTo(1);
            Asyncio.sleep(Duration.ofSeconds(2));
            assertThat(session.connector().stats().open()).isZero();
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void forceCloseKeepsNoConnection() throws Exception {
        try (var server = RawServer.fixed(ok("x"));
                var session = ClientSession.builder()
                        .connector(Connector.builder().forceClose(true).build())
                        .build()) {
            session.get(server.url("/")).close();
            session.get(server.url("/")).close();
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.requests.get(0).hasHeader("Connection: close")).isTrue();
            assertThat(session.connector().stats().open()).isZero();
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void closingTheSessionClosesBusyConnectionsAndFailsWaiters() throws Exception {
        try (var server = RawServer.fixed(ok("x"))) {
            var session = ClientSession.builder()
                    .connector(Connector.builder().limit(1).build())
                    .build();
            ClientResponse held = session.get(server.url("/"));
            Task<ClientResponse> waiting = Asyncio.createTask(() -> session.get(server.url("/")));
            Asyncio.sleep(Duration.ofMillis(10));
            session.close();
            var outcome = Asyncio.gatherSettled(waiting).get(0);
            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            io.jasyncio.Outcome.Failure.class,
                            f -> assertThat(f.exception()).isInstanceOf(IllegalStateException.class));
            assertThat(session.connector().stats().open()).isZero();
            held.close();
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void perHostRateLimitSpacesRequests() throws Exception {
        try (var server = RawServer.fixed(ok("x"));
                var session = ClientSession.builder()
                        .connector(Connector.builder()
                                .rateLimitPerHost(2, Duration.ofSeconds(1))
                                .build())
                        .build()) {
            long start = Asyncio.loop().time();
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                session.get(server.url("/")).close();
                times.add((Asyncio.loop().time() - start) / 1_000_000);
            }
            assertThat(times.get(1)).isLessThan(1000);
            assertThat(times.get(2)).isGreaterThanOrEqualTo(1000);
            assertThat(times.get(4)).isGreaterThanOrEqualTo(2000);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void withTheDnsCacheADeadFirstAddressIsRacedPast() throws Exception {
        try (var server = RawServer.fixed(ok("up"));
                var blackhole = java.nio.channels.ServerSocketChannel.open()) {
            // 127.0.0.2 at the server's port, its backlog of one filled: SYNs to it are dropped, a connect hangs
            InetAddress dead = InetAddress.ofLiteral("127.0.0.2");
            blackhole.bind(new InetSocketAddress(dead, server.port()), 1);
            List<Connection> fillers = fill(new InetSocketAddress(dead, server.port()));
            List<String> asked = new ArrayList<>();
            Connector connector = Connector.builder()
                    .resolver(host -> {
                        asked.add(host);
                        return List.of(dead, InetAddress.ofLiteral("127.0.0.1"));
                    })
                    .happyEyeballsDelay(Duration.ofMillis(100))
                    .build();
            try (var session = ClientSession.builder()
                    .connector(connector)
                    // tried in turn, the dead address would hang past this; raced, it costs the 100 ms delay
                    .timeout(ClientTimeout.NONE.withTotal(Duration.ofSeconds(3)))
                    .build()) {
                try (ClientResponse r = session.get("http://dual-stack.test:" + server.port() + "/")) {
                    assertThat(r.text()).isEqualTo("up");
                }
                assertThat(asked).as("the cache's resolver was used").containsExactly("dual-stack.test");
                assertPoolConsistent(session);
            } finally {
                for (Connection f : fillers) {
                    f.close();
                    f.writer().awaitClosed();
                }
            }
        }
    }

    /** Connects with a short timeout until one attempt times out: the listener's backlog is full then. */
    private static List<Connection> fill(InetSocketAddress listener) throws Exception {
        List<Connection> fillers = new ArrayList<>();
        ConnectOptions quick = ConnectOptions.defaults().withConnectTimeout(Duration.ofMillis(200));
        for (int i = 0; i < 8; i++) {
            try {
                fillers.add(Streams.openConnection(List.of(listener), quick, 1024));
            } catch (SocketTimeoutException e) {
                return fillers;
            }
        }
        throw new AssertionError("the backlog of " + listener + " never filled");
    }
}
