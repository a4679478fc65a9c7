package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.QueueTwin;
import dev.bouncer.support.TestThreads;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link BlockingQueue} behaviours every bounded queue must show, written once. Each subclass
 * names the {@link QueueTwin} it runs against: {@code ArrayBlockingQueue} (the reference) or
 * {@link BoundedBuffer}.
 */
@Timeout(20)
abstract class BlockingQueueContract {

    private final QueueTwin twin;

    BlockingQueueContract(QueueTwin twin) {
        this.twin = twin;
    }

    private BlockingQueue<Integer> newQueue(int capacity, boolean fair) {
        return twin.create(capacity, fair);
    }

    private BlockingQueue<Integer> filled(int capacity, int count) {
        BlockingQueue<Integer> q = newQueue(capacity, false);
        for (int i = 0; i < count; i++) {
            assertThat(q.offer(i)).isTrue();
        }
        return q;
    }

    @Test
    void capacityBelowOneIsRejected() {
        assertThatThrownBy(() -> newQueue(0, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> newQueue(-1, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void elementsLeaveInTheOrderTheyCame() {
        BlockingQueue<Integer> q = filled(5, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(q.poll()).isEqualTo(i);
        }
        assertThat(q.poll()).isNull();
    }

    @Test
    void fullQueueRefusesOfferAndAddThrows() {
        BlockingQueue<Integer> q = filled(2, 2);
        assertThat(q.offer(9)).isFalse();
        assertThatThrownBy(() -> q.add(9)).isInstanceOf(IllegalStateException.class);
        assertThat(q).containsExactly(0, 1);
    }

    @Test
    void emptyQueueAnswersNullOrThrows() {
        BlockingQueue<Integer> q = newQueue(2, false);
        assertThat(q.poll()).isNull();
        assertThat(q.peek()).isNull();
        assertThatThrownBy(q::element).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(q::remove).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void nullElementsAreRejectedAndChangeNothing() {
        BlockingQueue<Integer> q = filled(3, 1);
        assertThatThrownBy(() -> q.offer(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> q.add(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> q.offer(null, 1, TimeUnit.SECONDS))
                .isInstanceOf(NullPointerException.class);
        assertThat(q).containsExactly(0);
        assertThat(q.remainingCapacity()).isEqualTo(2);
    }

    @Test
    void sizeAndRemainingCapacityAddUpToCapacity() {
        BlockingQueue<Integer> q = newQueue(4, false);
        for (int i = 0; i < 4; i++) {
            assertThat(q.size()).isEqualTo(i);
            assertThat(q.remainingCapacity()).isEqualTo(4 - i);
            q.add(i);
        }
        assertThat(q.isEmpty()).isFalse();
        q.poll();
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.remainingCapacity()).isEqualTo(1);
    }

    @Test
    void timedOfferAndPollGiveUpWhenTimeRunsOut() throws Exception {
        BlockingQueue<Integer> full = filled(1, 1);
        assertThat(full.offer(7, 5, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(full).containsExactly(0);
        BlockingQueue<Integer> empty = newQueue(1, false);
        assertThat(empty.poll(5, TimeUnit.MILLISECONDS)).isNull();
        assertThat(empty.remainingCapacity()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, -1L, Long.MIN_VALUE})
    void nonPositiveTimeoutsDoNotWait(long timeout) throws Exception {
        BlockingQueue<Integer> q = newQueue(1, true);
        assertThat(q.poll(timeout, TimeUnit.DAYS)).isNull();
        assertThat(q.offer(1, timeout, TimeUnit.DAYS)).isTrue();
        assertThat(q.offer(2, timeout, TimeUnit.DAYS)).isFalse();
        assertThat(q.poll(timeout, TimeUnit.DAYS)).isEqualTo(1);
    }

    @Test
    void hugeTimeoutsDoNotOverflow() throws Exception {
        BlockingQueue<Integer> q = newQueue(1, false);
        assertThat(q.offer(1, Long.MAX_VALUE, TimeUnit.DAYS)).isTrue();
        assertThat(q.poll(Long.MAX_VALUE, TimeUnit.DAYS)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void putBlocksWhileFullUntilATakeMakesSpace(boolean fair) throws Exception {
        BlockingQueue<Integer> q = newQueue(1, fair);
        q.put(1);
        TestThreads.Worker producer = TestThreads.start("producer", () -> q.put(2));
        producer.awaitBlocked();
        assertThat(q).containsExactly(1);
        assertThat(q.take()).isEqualTo(1);
        producer.joinOk();
        assertThat(q).containsExactly(2);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void takeBlocksWhileEmptyUntilAPut(boolean fair) throws Exception {
        BlockingQueue<Integer> q = newQueue(1, fair);
        AtomicInteger taken = new AtomicInteger(-1);
        TestThreads.Worker consumer = TestThreads.start("consumer", () -> taken.set(q.take()));
        consumer.awaitBlocked();
        q.put(5);
        consumer.joinOk();
        assertThat(taken).hasValue(5);
        assertThat(q).isEmpty();
    }

    @Test
    void interruptOnEntryThrowsEvenWhenNoWaitIsNeeded() {
        BlockingQueue<Integer> q = filled(2, 1);
        List<TestThreads.Body> calls = List.of(
                () -> q.put(9), () -> q.offer(9, 1, TimeUnit.SECONDS),
                q::take, () -> q.poll(1, TimeUnit.SECONDS));
        for (TestThreads.Body call : calls) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(call::run).isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).as("interrupt status cleared").isFalse();
        }
        assertThat(q).containsExactly(0);
        assertThat(q.remainingCapacity()).isEqualTo(1);
    }

    @Test
    void interruptedPutLeavesTheElementWithTheCallerAndStrandsNoSpace() throws Exception {
        BlockingQueue<Integer> q = filled(1, 1);
        TestThreads.Worker producer = TestThreads.start("producer", () ->
                assertThatThrownBy(() -> q.put(9)).isInstanceOf(InterruptedException.class));
        producer.awaitBlocked();
        producer.interrupt();
        producer.joinOk();
        assertThat(q).containsExactly(0);
        assertThat(q.poll()).isEqualTo(0);
        assertThat(q.offer(1)).as("the space is not stranded").isTrue();
        assertThat(q).containsExactly(1);
    }

    @Test
    void interruptedTakeRemovesNothingAndStrandsNoItem() throws Exception {
        BlockingQueue<Integer> q = newQueue(1, false);
        TestThreads.Worker consumer = TestThreads.start("consumer", () ->
                assertThatThrownBy(q::take).isInstanceOf(InterruptedException.class));
        consumer.awaitBlocked();
        consumer.interrupt();
        consumer.joinOk();
        q.put(3);
        assertThat(q.poll()).isEqualTo(3);
        assertThat(q.remainingCapacity()).isEqualTo(1);
    }

    @Test
    void fairQueueServesBlockedProducersInArrivalOrder() throws Exception {
        BlockingQueue<Integer> q = newQueue(1, true);
        q.put(0);
        List<TestThreads.Worker> producers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int value = i;
            TestThreads.Worker producer = TestThreads.start("producer-" + i, () -> q.put(value));
            producer.awaitBlocked();
            producers.add(producer);
        }
        for (int i = 0; i <= 3; i++) {
            assertThat(q.take()).isEqualTo(i);
        }
        for (TestThreads.Worker producer : producers) {
            producer.joinOk();
        }
    }

    @Test
    void fairQueueServesBlockedConsumersInArrivalOrder() throws Exception {
        BlockingQueue<Integer> q = newQueue(1, true);
        AtomicIntegerArray got = new AtomicIntegerArray(3);
        List<TestThreads.Worker> consumers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int slot = i;
            TestThreads.Worker consumer = TestThreads.start("consumer-" + i, () -> got.set(slot, q.take()));
            consumer.awaitBlocked();
            consumers.add(consumer);
        }
        for (int i = 0; i < 3; i++) {
            q.put(10 + i);
            consumers.get(i).joinOk(); // the longest waiter is served first
            assertThat(got.get(i)).isEqualTo(10 + i);
        }
    }

    @Test
    void drainToMovesElementsInOrderUpToTheLimit() {
        BlockingQueue<Integer> q = filled(5, 5);
        List<Integer> sink = new ArrayList<>();
        assertThat(q.drainTo(sink, 2)).isEqualTo(2);
        assertThat(q.drainTo(sink, 0)).isZero();
        assertThat(q.drainTo(sink, -1)).isZero();
        assertThat(sink).containsExactly(0, 1);
        assertThat(q.drainTo(sink)).isEqualTo(3);
        assertThat(sink).containsExactly(0, 1, 2, 3, 4);
        assertThat(q).isEmpty();
        assertThat(q.remainingCapacity()).isEqualTo(5);
    }

    @Test
    void drainToRejectsItselfAndNull() {
        BlockingQueue<Integer> q = filled(2, 1);
        assertThatThrownBy(() -> q.drainTo(q)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.drainTo(q, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.drainTo(null)).isInstanceOf(NullPointerException.class);
        assertThat(q).containsExactly(0);
    }

    @Test
    void clearEmptiesTheQueueAndWakesABlockedProducer() throws Exception {
        BlockingQueue<Integer> q = filled(2, 2);
        TestThreads.Worker producer = TestThreads.start("producer", () -> q.put(7));
        producer.awaitBlocked();
        q.clear();
        producer.joinOk();
        assertThat(q).containsExactly(7);
        assertThat(q.remainingCapacity()).isEqualTo(1);
    }

    @Test
    void traversalsSeeTheContentsInOrderAfterWrapping() {
        BlockingQueue<Integer> q = newQueue(3, false);
        for (int i = 0; i < 7; i++) {
            q.add(i);
            if (q.size() == 3) {
                q.poll();
            }
        }
        assertThat(q).containsExactly(5, 6); // iterator
        assertThat(q.contains(6)).isTrue();
        assertThat(q.contains(4)).isFalse();
        assertThat(q.contains(null)).isFalse();
        assertThat(q.toArray()).containsExactly(5, 6);
        assertThat(q.toArray(new Integer[0])).containsExactly(5, 6);
        assertThat(q.toString()).isEqualTo("[5, 6]");
        assertThat(q.peek()).isEqualTo(5);
    }

    @Test
    void iteratorIsWeaklyConsistentUnderChange() {
        BlockingQueue<Integer> q = filled(4, 4);
        Iterator<Integer> it = q.iterator();
        List<Integer> seen = new ArrayList<>();
        seen.add(it.next());
        q.poll();
        q.poll();
        q.offer(4);
        q.offer(5);
        it.forEachRemaining(seen::add); // no ConcurrentModificationException
        assertThat(seen).startsWith(0).isSorted().doesNotHaveDuplicates();
        assertThat(seen).contains(3); // still present and was there at creation
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void ringWrapsAroundManyTimes() {
        BlockingQueue<Integer> q = newQueue(3, false);
        int next = 0;
        for (int lap = 0; lap < 1_000; lap++) {
            q.add(lap);
            if (lap % 3 == 2) {
                while (!q.isEmpty()) {
                    assertThat(q.poll()).isEqualTo(next++);
                }
            }
        }
    }

    /** pitfalls.md #14: after a put that happened-before, peek and poll must not answer null. */
    @Test
    void peekAndPollSeeAnElementThatMustExist() throws Exception {
        BlockingQueue<Integer> q = newQueue(2, false);
        java.util.concurrent.Semaphore handedOver = new java.util.concurrent.Semaphore(0);
        int rounds = 20_000;
        TestThreads.Worker producer = TestThreads.start("producer", () -> {
            for (int i = 0; i < rounds; i++) {
                q.put(i);
                handedOver.release();
            }
        });
        for (int i = 0; i < rounds; i++) {
            handedOver.acquire();
            assertThat(q.peek()).isEqualTo(i);
            assertThat(q.poll()).isEqualTo(i);
        }
        producer.joinOk();
    }

    /** Many producers and consumers: every element arrives once, each producer's in its order. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void manyProducersAndConsumersLoseAndDuplicateNothing(boolean fair) throws Exception {
        int producers = 3;
        int consumers = 3;
        int perProducer = fair ? 2_000 : 10_000;
        BlockingQueue<Integer> q = newQueue(4, fair);
        AtomicIntegerArray seen = new AtomicIntegerArray(producers * perProducer);
        ConcurrentLinkedQueue<String> orderErrors = new ConcurrentLinkedQueue<>();
        AtomicInteger remaining = new AtomicInteger(producers * perProducer);
        List<TestThreads.Worker> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            threads.add(TestThreads.start("producer-" + p, () -> {
                for (int i = 0; i < perProducer; i++) {
                    q.put(base + i);
                }
            }));
        }
        for (int c = 0; c < consumers; c++) {
            threads.add(TestThreads.start("consumer-" + c, () -> {
                int[] lastPerProducer = new int[producers];
                java.util.Arrays.fill(lastPerProducer, -1);
                while (remaining.get() > 0) {
                    Integer e = q.poll(10, TimeUnit.MILLISECONDS);
                    if (e == null) {
                        continue;
                    }
                    remaining.decrementAndGet();
                    seen.incrementAndGet(e);
                    int p = e / perProducer;
                    if (e <= lastPerProducer[p]) {
                        orderErrors.add(e + " after " + lastPerProducer[p]);
                    }
                    lastPerProducer[p] = e;
                }
            }));
        }
        for (TestThreads.Worker t : threads) {
            t.joinOk();
        }
        for (int i = 0; i < seen.length(); i++) {
            assertThat(seen.get(i)).as("times element %d was taken", i).isEqualTo(1);
        }
        assertThat(orderErrors).isEmpty();
        assertThat(q).isEmpty();
        assertThat(q.remainingCapacity()).isEqualTo(4);
    }
}
