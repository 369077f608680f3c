package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TaskGroupTest {
    private static final Duration LONG = Duration.ofMinutes(10);

    private static String sleepForever(List<String> events, String name) {
        try {
            Asyncio.sleep(LONG);
        } catch (CancelledException e) {
            events.add(name + " cancelled");
            throw e;
        }
        return name;
    }

    @Test
    void leavingTheBlockWaitsForEveryTask() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            try (var tg = TaskGroup.open()) {
                tg.createTask(() -> {
                    Asyncio.sleep(Duration.ofMillis(5));
                    return events.add("a");
                });
                tg.createTask(() -> events.add("b"));
            }
            events.add("after");
            return null;
        });
        assertThat(events).containsExactly("b", "a", "after");
    }

    @Test
    void firstFailureCancelsTheSiblingsAndIsReportedInATaskGroupException() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            assertThatThrownBy(() -> {
                        try (var tg = TaskGroup.open()) {
                            tg.createTask(() -> sleepForever(events, "sibling"));
                            tg.createTask(() -> {
                                Asyncio.sleep(Duration.ZERO);
                                throw new IllegalStateException("boom");
                            });
                        }
                    })
                    .isInstanceOfSatisfying(
                            TaskGroupException.class,
                            e -> assertThat(e.exceptions()).singleElement().isInstanceOf(IllegalStateException.class));
            assertThat(Asyncio.currentTask().orElseThrow().cancelling()).isZero();
            return null;
        });
        assertThat(events).containsExactly("sibling cancelled");
    }

    @Test
    void everyFailureIsListed() throws Exception {
        Asyncio.run(() -> {
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        tg.createTask(() -> {
                            Asyncio.sleep(Duration.ZERO);
                            throw new IllegalStateException("one");
                        });
                        tg.createTask(() -> {
                            try {
                                Asyncio.sleep(LONG);
                            } catch (CancelledException e) {
                                throw new java.io.IOException("two, while cleaning up"); // a second failure
                            }
                            return "";
                        });
                    }))
                    .isInstanceOfSatisfying(TaskGroupException.class, e -> {
                        assertThat(e.exceptions()).hasSize(2);
                        assertThat(e.getSuppressed()).hasSize(2);
                    });
            return null;
        });
    }

    @Test
    void aFailureCancelsTheBodyAndTheGroupReportsInsteadOfTheCancellation() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        tg.createTask(() -> {
                            Asyncio.sleep(Duration.ZERO);
                            throw new IllegalStateException("boom");
                        });
                        sleepForever(events, "body");
                    }))
                    .isInstanceOf(TaskGroupException.class);
            assertThat(Asyncio.currentTask().orElseThrow().cancelling()).isZero();
            Asyncio.sleep(Duration.ZERO); // no cancellation is left pending for this task
            return null;
        });
        assertThat(events).containsExactly("body cancelled");
    }

    @Test
    void bodyExceptionCancelsTheTasksAndPropagatesAsItIs() throws Exception {
        List<String> events = new ArrayList<>();
        java.io.IOException boom = new java.io.IOException("body failed");
        Asyncio.run(() -> {
            try {
                TaskGroup.run(tg -> {
                    tg.createTask(() -> sleepForever(events, "child"));
                    Asyncio.sleep(Duration.ZERO);
                    throw boom;
                });
                events.add("no exception");
            } catch (java.io.IOException e) { // the body's own exception, as it is: this catch compiles
                assertThat(e).isSameAs(boom);
                assertThat(e.getSuppressed()).isEmpty(); // the child was cancelled, which is no failure
                events.add("caught");
            }
        });
        assertThat(events).containsExactly("child cancelled", "caught");
    }

    @Test
    void bodyExceptionCarriesTheTasksFailuresAsSuppressed() throws Exception {
        IllegalStateException childFailure = new IllegalStateException("child failed");
        java.io.IOException boom = new java.io.IOException("body failed");
        Asyncio.run(() -> {
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        tg.createTask(() -> {
                            throw childFailure;
                        });
                        try {
                            Asyncio.sleep(LONG); // cancelled by the group when the child fails
                        } catch (CancelledException e) {
                            throw boom; // the body fails too, while being cancelled
                        }
                    }))
                    .isSameAs(boom)
                    .satisfies(e -> assertThat(e.getSuppressed())
                            .singleElement()
                            .isInstanceOfSatisfying(
                                    TaskGroupException.class,
                                    g -> assertThat(g.exceptions()).containsExactly(childFailure)));
        });
    }

    @Test
    void cancellingTheOwnerCancelsTheChildrenAndPropagates() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            Task<Object> owner = Asyncio.createTask(() -> {
                try (var tg = TaskGroup.open()) {
                    tg.createTask(() -> sleepForever(events, "child"));
                }
                return "";
            });
            Asyncio.sleep(Duration.ZERO);
            Asyncio.sleep(Duration.ZERO);
            owner.cancel();
            assertThatThrownBy(owner::await).isInstanceOf(CancelledException.class);
            assertThat(owner.isCancelled()).isTrue();
            return null;
        });
        assertThat(events).containsExactly("child cancelled");
    }

    @Test
    void ownerBlockedInTheBodyIsCancelledWithItsChildren() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            Task<Object> owner = Asyncio.createTask(() -> {
                TaskGroup.run(tg -> {
                    tg.createTask(() -> sleepForever(events, "child"));
                    sleepForever(events, "body");
                });
                return "";
            });
            Asyncio.sleep(Duration.ZERO);
            owner.cancel();
            assertThatThrownBy(owner::await).isInstanceOf(CancelledException.class);
            return null;
        });
        assertThat(events).containsExactlyInAnyOrder("body cancelled", "child cancelled");
    }

    @Test
    void groupInsideATimeoutReportsTheTimeout() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            assertThatThrownBy(() -> Asyncio.withTimeout(Duration.ofMillis(10), () -> {
                        try (var tg = TaskGroup.open()) {
                            tg.createTask(() -> sleepForever(events, "child"));
                        }
                        return null;
                    }))
                    .isInstanceOf(TimeoutException.class);
            return null;
        });
        assertThat(events).containsExactly("child cancelled");
    }

    @Test
    void anOutsideCancellationOfAGroupThatFailsIsReArmedForTheOwnersNextAwait() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            Task<Object> owner = Asyncio.createTask(() -> {
                try {
                    TaskGroup.run(tg -> {
                        tg.createTask(() -> {
                            try {
                                Asyncio.sleep(LONG);
                            } catch (CancelledException e) {
                                throw new IllegalStateException("cleanup failed");
                            }
                            return "";
                        });
                        sleepForever(events, "body");
                    });
                } catch (TaskGroupException e) {
                    // the failure replaces the CancelledException; the cancellation itself stays requested
                    events.add("group failed, cancelling "
                            + Asyncio.currentTask().orElseThrow().cancelling());
                }
                try {
                    Asyncio.sleep(Duration.ZERO);
                    events.add("carried on as if never cancelled");
                } catch (CancelledException e) {
                    events.add("cancelled at the next await: " + e.getMessage());
                    throw e;
                }
                return "";
            });
            Loops.yieldTimes(2); // the owner waits in the body and the child in its sleep
            owner.cancel("from outside");
            assertThatThrownBy(owner::await).isInstanceOf(CancelledException.class);
            return null;
        });
        assertThat(events)
                .containsExactly(
                        "body cancelled", "group failed, cancelling 1", "cancelled at the next await: from outside");
    }

    @Test
    void theTryWithResourcesFormAlsoReArmsACancellationThatArrivedWhileClosing() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            Task<Object> owner = Asyncio.createTask(() -> {
                try (var tg = TaskGroup.open()) {
                    tg.createTask(() -> {
                        try {
                            Asyncio.sleep(LONG);
                        } catch (CancelledException e) {
                            throw new IllegalStateException("cleanup failed");
                        }
                        return "";
                    });
                } catch (TaskGroupException e) { // the block ended normally: close() was waiting when cancelled
                    events.add("group failed, cancelling "
                            + Asyncio.currentTask().orElseThrow().cancelling());
                }
                try {
                    Asyncio.sleep(Duration.ZERO);
                    events.add("carried on as if never cancelled");
                } catch (CancelledException e) {
                    events.add("cancelled at the next await: " + e.getMessage());
                    throw e;
                }
                return "";
            });
            Loops.yieldTimes(2);
            owner.cancel("from outside");
            assertThatThrownBy(owner::await).isInstanceOf(CancelledException.class);
            return null;
        });
        assertThat(events).containsExactly("group failed, cancelling 1", "cancelled at the next await: from outside");
    }

    @Test
    void theTryWithResourcesFormDoesNotDeliverTwiceACancellationThatEndedTheBlock() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            Task<Object> owner = Asyncio.createTask(() -> {
                try (var tg = TaskGroup.open()) {
                    tg.createTask(() -> {
                        try {
                            Asyncio.sleep(LONG);
                        } catch (CancelledException e) {
                            throw new IllegalStateException("cleanup failed");
                        }
                        return "";
                    });
                    sleepForever(events, "block");
                } catch (CancelledException e) { // primary: the block's own; the group's failure is suppressed
                    events.add("block's cancellation, suppressed " + e.getSuppressed().length);
                }
                Asyncio.sleep(Duration.ZERO); // the cancellation was delivered once, by the block: not again
                events.add("cancelling " + Asyncio.currentTask().orElseThrow().cancelling());
                return "";
            });
            Loops.yieldTimes(2);
            owner.cancel("from outside");
            owner.await();
            return null;
        });
        assertThat(events).containsExactly("block cancelled", "block's cancellation, suppressed 1", "cancelling 1");
    }

    @Test
    void nestedGroupFailurePropagatesToTheOuterGroup() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            assertThatThrownBy(() -> TaskGroup.run(outer -> {
                        outer.createTask(() -> sleepForever(events, "outer child"));
                        TaskGroup.run(inner -> {
                            inner.createTask(() -> sleepForever(events, "inner child"));
                            inner.createTask(() -> {
                                throw new IllegalStateException("inner boom");
                            });
                        });
                    }))
                    .isInstanceOfSatisfying(
                            TaskGroupException.class, // the inner group's, as the outer body threw it
                            e -> {
                                assertThat(e.exceptions()).hasSize(1);
                                assertThat(e.exceptions().get(0))
                                        .isInstanceOf(IllegalStateException.class)
                                        .hasMessage("inner boom");
                            });
            return null;
        });
        assertThat(events).containsExactly("inner child cancelled", "outer child cancelled");
    }

    @Test
    void explicitCancelStopsTheTasksAndTheBodyWithoutAnError() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            TaskGroup.run(tg -> {
                tg.createTask(() -> sleepForever(events, "child"));
                tg.createTask(() -> {
                    Asyncio.sleep(Duration.ZERO);
                    tg.cancel();
                    return "";
                });
                sleepForever(events, "body");
            });
            assertThat(Asyncio.currentTask().orElseThrow().cancelling()).isZero();
            events.add("after");
            return null;
        });
        assertThat(events).containsExactlyInAnyOrder("child cancelled", "body cancelled", "after");
        assertThat(events).last().isEqualTo("after");
    }

    @Test
    void cancelledChildIsNotAFailure() throws Exception {
        Asyncio.run(() -> {
            try (var tg = TaskGroup.open()) {
                Task<String> t = tg.createTask(() -> sleepForever(new ArrayList<>(), "x"));
                tg.createTask(() -> {
                    Asyncio.sleep(Duration.ZERO);
                    return t.cancel();
                });
            }
            return null;
        });
    }

    @Test
    void creatingATaskAfterTheGroupEndedIsAnError() throws Exception {
        Asyncio.run(() -> {
            TaskGroup group;
            try (var tg = TaskGroup.open()) {
                group = tg;
            }
            assertThatThrownBy(() -> group.createTask(() -> "late")).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @Test
    void creatingATaskWhileTheGroupShutsDownIsAnError() throws Exception {
        Asyncio.run(() -> {
            assertThatThrownBy(() -> TaskGroup.run(tg -> {
                        tg.createTask(() -> {
                            throw new IllegalStateException("boom");
                        });
                        try {
                            Asyncio.sleep(LONG);
                        } catch (CancelledException e) {
                            assertThatThrownBy(() -> tg.createTask(() -> "late"))
                                    .isInstanceOf(IllegalStateException.class)
                                    .hasMessageContaining("shutting down");
                            throw e;
                        }
                    }))
                    .isInstanceOf(TaskGroupException.class);
            return null;
        });
    }

    @Test
    void closingFromAnotherTaskIsAnError() throws Exception {
        Asyncio.run(() -> {
            TaskGroup tg = TaskGroup.open();
            Task<Object> other = Asyncio.createTask(() -> {
                tg.close();
                return "";
            });
            assertThatThrownBy(other::await).isInstanceOf(IllegalStateException.class);
            tg.close();
            return null;
        });
    }

    @Test
    void groupInsideATimeoutWhoseBodyAwaitsReportsTheTimeout() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            assertThatThrownBy(() -> Asyncio.withTimeout(Duration.ofMillis(10), () -> {
                        try (var tg = TaskGroup.open()) {
                            tg.createTask(() -> sleepForever(events, "child"));
                            sleepForever(events, "body");
                        }
                        return null;
                    }))
                    .isInstanceOf(TimeoutException.class);
            return null;
        });
        assertThat(events).containsExactly("body cancelled", "child cancelled");
    }

    @Test
    void inTheTryWithResourcesFormTheBodysCancellationStaysPrimaryAndCarriesTheGroupFailure() throws Exception {
        Asyncio.run(() -> {
            assertThatThrownBy(() -> {
                        try (var tg = TaskGroup.open()) {
                            tg.createTask(() -> {
                                Asyncio.sleep(Duration.ZERO);
                                throw new IllegalStateException("boom");
                            });
                            Asyncio.sleep(LONG); // cancelled by the group when the child fails
                        }
                    })
                    .isInstanceOf(CancelledException.class)
                    .satisfies(
                            e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(TaskGroupException.class));
            // the group withdrew its own cancellation request: the task is not being cancelled
            assertThat(Asyncio.currentTask().orElseThrow().cancelling()).isZero();
            return null;
        });
    }
}
