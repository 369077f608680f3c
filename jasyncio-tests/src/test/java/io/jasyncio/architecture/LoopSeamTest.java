package io.jasyncio.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.Networking;
import io.jasyncio.spi.LoopCore;
import io.jasyncio.testing.AsyncioTest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** The loop seam as the API uses it: one object behind both views, found without naming the implementation. */
class LoopSeamTest {

    @Test
    void theLoopEventLoopOpenFindsIsItsOwnSeamAndOwnsWhatItCreates() {
        try (EventLoop loop = EventLoop.open()) {
            assertThat(LoopCore.of(loop)).isSameAs(loop);
            Future<String> f = loop.createFuture();
            assertThat(f.loop()).isSameAs(loop);
            assertThat(loop.runUntilComplete(loop.createTask(() -> Asyncio.loop())))
                    .isSameAs(loop);
        }
    }

    @AsyncioTest
    void aLoopProvidesOneNetworkingOfItsOwn() {
        EventLoop loop = Asyncio.loop();
        assertThat(Networking.of(loop)).isNotNull().isSameAs(Networking.of(loop));
    }

    @Test
    void anEventLoopThatIsNotJasynciosIsRefusedWithItsName() {
        EventLoop foreign = (EventLoop) Proxy.newProxyInstance(
                EventLoop.class.getClassLoader(), new Class<?>[] {EventLoop.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    return method.getName().equals("toString") ? "ForeignLoop" : null;
                });
        assertThatThrownBy(() -> Networking.of(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ForeignLoop");
        assertThatThrownBy(foreign::createFuture)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an event loop of jasyncio");
    }
}
