package io.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletionException;

class BarrierTest {

    @AsyncioTest
    void nobodyPassesUntilEveryPartyArrivedAndIndexesFollowArrival() throws Exception {
        Barrier b = new Barrier(3);
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            tasks.add(Asyncio.createTask(b::await));
        }
        Asyncio.sleep(Duration.ofSeconds(1));
        assertThat(b.waiting()).isEqualTo(2);
        assertThat(tasks).noneMatch(Task::isDone);
        int last = b.await();
        assertThat(last).isEqualTo(2);
        assertThat(Asyncio.gather(tasks)).containsExactly(0, 1);
        assertThat(b.waiting()).isZero();
    }

    @AsyncioTest
    void barrierCanBeReusedForTheNextRound() throws Exception {
        Barrier b = new Barrier(2);
        for (int round = 0; round < 3; round++) {
            Task<Integer> other = Asyncio.createTask(b::await);
            Asyncio.sleep(Duration.ZERO);
            assertThat(b.await()).isEqualTo(1);
            assertThat(other.await()).isZero();
        }
    }

    @AsyncioTest
    void abortBreaksWaitersAndLaterCallsUntilReset() throws Exception {
        Barrier b = new Barrier(3);
        Task<Integer> waiter = Asyncio.createTask(b::await);
        Asyncio.sleep(Duration.ZERO);
        b.abort();
        assertThatThrownBy(waiter::await)
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(BrokenBarrierException.class);
        assertThat(b.isBroken()).isTrue();
        assertThatThrownBy(b::await).isInstanceOf(BrokenBarrierException.class);
        b.reset();
        assertThat(b.isBroken()).isFalse();
    }

    @AsyncioTest
    void resetBreaksCurrentWaitersAndEmptiesTheBarrier() throws Exception {
        Barrier b = new Barrier(2);
        Task<Integer> waiter = Asyncio.createTask(b::await);
        Asyncio.sleep(Duration.ZERO);
        b.reset();
        assertThatThrownBy(waiter::await).hasCauseInstanceOf(BrokenBarrierException.class);
        assertThat(b.waiting()).isZero();
        assertThat(b.isBroken()).isFalse();
    }

    @AsyncioTest
    void cancelledWaiterLeavesTheBarrier() throws Exception {
        Barrier b = new Barrier(2);
        Task<Integer> quitter = Asyncio.createTask(b::await);
        Asyncio.sleep(Duration.ZERO);
        quitter.cancel();
        assertThatThrownBy(quitter::await).isInstanceOf(CancelledException.class);
        assertThat(b.waiting()).isZero();
        Task<Integer> other = Asyncio.createTask(b::await);
        Asyncio.sleep(Duration.ZERO);
        assertThat(b.await()).isEqualTo(1);
        assertThat(other.await()).isZero();
    }

    @AsyncioTest
    void barrierOfOnePartyNeverWaits() throws Exception {
        Barrier b = new Barrier(1);
        assertThat(b.await()).isZero();
        assertThat(b.await()).isZero();
        assertThatThrownBy(() -> new Barrier(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
