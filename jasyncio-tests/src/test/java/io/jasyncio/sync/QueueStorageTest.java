package io.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each queue keeps its items in one container of its own kind, and allocates no other (issue #9). */
class QueueStorageTest {

    @Test
    void aPriorityQueueAllocatesNoDequeItNeverUses() throws Exception {
        assertThat(deques(new PriorityQueue<Integer>())).isEmpty();
    }

    @Test
    void aFifoAndALifoQueueEachKeepOneDeque() throws Exception {
        assertThat(deques(new Queue<Integer>())).hasSize(1);
        assertThat(deques(new LifoQueue<Integer>())).hasSize(1);
    }

    /** The non-null {@link ArrayDeque} fields of a queue, its superclass's included. */
    private static List<Object> deques(Queue<?> q) throws IllegalAccessException {
        List<Object> found = new ArrayList<>();
        for (Class<?> c = q.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == ArrayDeque.class) {
                    f.setAccessible(true);
                    Object v = f.get(q);
                    if (v != null) {
                        found.add(v);
                    }
                }
            }
        }
        return found;
    }
}
