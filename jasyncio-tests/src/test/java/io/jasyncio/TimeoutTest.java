package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TimeoutTest {
    private static final Duration SHORT = Duration.ofMillis(20);
    private static final Duration LONG = Duration.ofMinutes(10);

    @Test
    void bodyThatFinishesInTimeReturnsItsResult() throws Exception {
        String r = Asyncio.run(() -> Asyncio.withTimeout(LONG, () -> {
            Asyncio.sleep(Duration.ZERO);
            return "ok";
        }));
        assertThat(r).isEqualTo("ok");
    }

    @Test
    void expiredScopeThrowsTimeoutExceptionCausedByTheCancellation() throws Exception {
        Asyncio.run(() -> {
            assertThatThrownBy(() -> Asyncio.withTimeout(SHORT, () -> {
                        Asyncio.sleep(LONG);
                        return null;
                    }))
                    .isInstanceOf(TimeoutException.class)
                    .hasCauseInstanceOf(CancelledException.class);
            assertThat(Asyncio.currentTask().orElseThrow().cancelling()).isZero();
            return null;
        });
    }

    @Test
    void bodySeesCancellationAndMayCleanUpBeforeTheTimeoutIsReported() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            try {
                Asyncio.withTimeout(SHORT, () -> {
                    try {
                        Asyncio.sleep(LONG);
                    } finally {
                        events.add("cleanup");
                    }
                    return null;
                });
            } catch (TimeoutException e) {
                events.add("timeout");
            }
            return null;
        });
        assertThat(events).containsExactly("cleanup", "timeout");
    }

    @Test
    void innerScopeExpiringIsReportedByTheInnerScopeOnly() throws Exception {
        String r = Asyncio.run(() -> Asyncio.withTimeout(LONG, () -> {
            try {
                Asyncio.withTimeout(SHORT, () -> {
                    Asyncio.sleep(LONG);
                    return null;
                });
                return "no timeout";
            } catch (TimeoutException e) {
                return "inner";
            }
        }));
        assertThat(r).isEqualTo("inner");
    }

    @Test
    void outerScopeExpiringPassesThroughTheInnerScope() throws Exception {
        List<String> seen = new ArrayList<>();
        Asyncio.run(() -> {
            try {
                Asyncio.withTimeout(SHORT, () -> {
                    try {
                        return Asyncio.withTimeout(LONG, () -> {
                            Asyncio.sleep(LONG);
                            return null;
                        });
                    } catch (TimeoutException e) {
                        seen.add("inner reported");
                        throw e;
                    } catch (CancelledException e) {
                        seen.add("inner passed cancellation");
                        throw e;
                    }
                });
            } catch (TimeoutException e) {
                seen.add("outer reported");
            }
            return null;
        });
        assertThat(seen).containsExactly("inner passed cancellation", "outer reported");
    }

    @Test
    void cancellationFromOutsideIsNotTurnedIntoTimeout() throws Exception {
        Asyncio.run(() -> {
            Task<Object> t = Asyncio.createTask(() -> Asyncio.withTimeout(LONG, () -> {
                Asyncio.sleep(LONG);
                return "";
            }));
            Asyncio.sleep(Duration.ZERO);
            t.cancel("stop");
            assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
            assertThat(t.isCancelled()).isTrue();
            return null;
        });
    }

    @Test
    void outsideCancellationArrivingWithTheExpiryStillPropagates() throws Exception {
        Asyncio.run(() -> {
            Task<Object> t = Asyncio.createTask(() -> Asyncio.withTimeout(SHORT, () -> {
                try {
                    Asyncio.sleep(LONG);
                } catch (CancelledException e) {
                    // the scope's timer cancelled us; now the owner cancels too before we leave
                    Asyncio.currentTask().orElseThrow().cancel("owner");
                    throw e;
                }
                return "";
            }));
            assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
            return null;
        });
    }

    @Test
    void bodyThatCatchesTheCancellationKeepsItsResult() throws Exception {
        String r = Asyncio.run(() -> Asyncio.withTimeout(SHORT, () -> {
            try {
                Asyncio.sleep(LONG);
            } catch (CancelledException e) {
                return "caught";
            }
            return "slept";
        }));
        assertThat(r).isEqualTo("caught");
    }

    @Test
    void rescheduleExtendsTheDeadline() throws Exception {
        String r = Asyncio.run(() -> Asyncio.withTimeout(Duration.ofMillis(1), scope -> {
            scope.reschedule(LONG);
            Asyncio.sleep(Duration.ofMillis(30));
            return "finished";
        }));
        assertThat(r).isEqualTo("finished");
    }

    @Test
    void rescheduleIntoThePastExpiresTheScope() throws Exception {
        Asyncio.run(() -> {
            assertThatThrownBy(() -> Asyncio.withTimeout(LONG, scope -> {
                        scope.reschedule(Asyncio.loop().time() - 1);
                        Asyncio.sleep(LONG);
                        return null;
                    }))
                    .isInstanceOf(TimeoutException.class);
            return null;
        });
    }

    @Test
    void removeDeadlineDisarmsTheScope() throws Exception {
        Asyncio.run(() -> {
            String r = Asyncio.withTimeout(Duration.ofMillis(5), scope -> {
                scope.removeDeadline();
                assertThat(scope.deadline()).isEmpty();
                Asyncio.sleep(Duration.ofMillis(30));
                return "done";
            });
            assertThat(r).isEqualTo("done");
            return null;
        });
    }

    @Test
    void reschedulingAnExpiredScopeIsAnError() throws Exception {
        Asyncio.run(() -> {
            Asyncio.moveOnAfter(SHORT, scope -> {
                try {
                    Asyncio.sleep(LONG);
                } catch (CancelledException e) {
                    assertThat(scope.expired()).isTrue();
                    assertThatThrownBy(() -> scope.reschedule(LONG)).isInstanceOf(IllegalStateException.class);
                    throw e;
                }
                return null;
            });
            return null;
        });
    }

    @Test
    void withDeadlineUsesTheLoopClock() throws Exception {
        Asyncio.run(() -> {
            long at = Asyncio.loop().time() + SHORT.toNanos();
            assertThatThrownBy(() -> Asyncio.withDeadline(at, () -> {
                        Asyncio.sleep(LONG);
                        return null;
                    }))
                    .isInstanceOf(TimeoutException.class);
            return null;
        });
    }

    @Test
    void moveOnAfterReturnsNullWhenItsLimitPasses() throws Exception {
        Asyncio.run(() -> {
            String r = Asyncio.moveOnAfter(SHORT, () -> {
                Asyncio.sleep(LONG);
                return "late";
            });
            assertThat(r).isNull();
            assertThat(Asyncio.moveOnAfter(LONG, () -> "quick")).isEqualTo("quick");
            assertThat(Asyncio.currentTask().orElseThrow().cancelling()).isZero();
            return null;
        });
    }

    @Test
    void checkedExceptionFromTheBodyPropagatesAsItIs() throws Exception {
        java.io.IOException boom = new java.io.IOException("boom");
        Asyncio.run(() -> {
            assertThatThrownBy(() -> Asyncio.withTimeout(LONG, () -> {
                        throw boom;
                    }))
                    .isSameAs(boom);
        });
    }

    @Test
    void waitForReturnsTheResultOfAnAwaitableDoneInTime() throws Exception {
        int r = Asyncio.run(() -> Asyncio.waitFor(Asyncio.createTask(() -> 7), LONG));
        assertThat(r).isEqualTo(7);
    }

    @Test
    void waitForCancelsTheAwaitableAndWaitsForItOnTimeout() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            Task<Object> slow = Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(LONG);
                } finally {
                    events.add("slow ended");
                }
                return "";
            });
            try {
                Asyncio.waitFor(slow, SHORT);
            } catch (TimeoutException e) {
                events.add("timeout");
            }
            assertThat(slow.isCancelled()).isTrue();
            return null;
        });
        assertThat(events).containsExactly("slow ended", "timeout");
    }

    @Test
    void waitForNeverLosesAResultThatCompletedAsItTimedOut() throws Exception {
        Asyncio.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            // the waiter's deadline is due at the next iteration, where its timer runs after this task's step:
            // the result arrives first, then the timer cancels the waiter before it could resume
            Task<String> waiter = Asyncio.createTask(() -> Asyncio.waitFor(f, Duration.ZERO));
            Asyncio.sleep(Duration.ZERO);
            f.setResult("value");
            assertThat(waiter.await()).isEqualTo("value");
            assertThat(waiter.cancelling()).isZero();
            return null;
        });
    }

    @Test
    void waitForReportsAFailureThatArrivedAsItTimedOut() throws Exception {
        Asyncio.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            Task<String> waiter = Asyncio.createTask(() -> Asyncio.waitFor(f, Duration.ZERO));
            Asyncio.sleep(Duration.ZERO);
            f.setException(new IllegalStateException("failed in time"));
            assertThatThrownBy(waiter::await)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("failed in time");
            return null;
        });
    }

    @Test
    void aTimeoutBodyWhoseAwaitCompletedAsTheTimerFiredIsCancelledThereAndTimesOut() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.loop();
            Future<String> f = loop.createFuture();
            // the same race as above, in a general scope: as in asyncio, the await throws and the scope times out
            Task<String> waiter = Asyncio.createTask(() -> Asyncio.withDeadline(loop.time(), () -> {
                String v = f.await();
                events.add("ran on with " + v);
                return v;
            }));
            Asyncio.sleep(Duration.ZERO);
            f.setResult("value");
            assertThatThrownBy(waiter::await)
                    .isInstanceOf(CompletionException.class) // how await() reports a checked failure
                    .hasCauseInstanceOf(TimeoutException.class);
            assertThat(f.resultNow()).isEqualTo("value");
            return null;
        });
        assertThat(events).isEmpty();
    }

    @Test
    void waitForWithZeroTimeoutReturnsAnAlreadyDoneResult() throws Exception {
        Asyncio.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            f.setResult("done");
            assertThat(Asyncio.waitFor(f, Duration.ZERO)).isEqualTo("done");
            Future<String> pending = Asyncio.loop().createFuture();
            assertThatThrownBy(() -> Asyncio.waitFor(pending, Duration.ZERO)).isInstanceOf(TimeoutException.class);
            assertThat(pending.isCancelled()).isTrue();
            return null;
        });
    }

    @Test
    void waitForATaskThatSwallowsCancellationReturnsItsValue() throws Exception {
        Asyncio.run(() -> {
            Task<String> stubborn = Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(LONG);
                } catch (CancelledException e) {
                    return "ignored";
                }
                return "slept";
            });
            assertThat(Asyncio.waitFor(stubborn, SHORT)).isEqualTo("ignored");
            return null;
        });
    }
}
