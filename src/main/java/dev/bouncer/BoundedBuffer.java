package dev.bouncer;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A bounded {@linkplain BlockingQueue blocking queue} backed by a ring of slots and gated by two
 * {@link Semaphore}s: one counts free spaces, the other counts elements ready to take. This queue
 * orders elements FIFO (first-in-first-out). Once created, the capacity cannot be changed. Attempts
 * to {@code put} an element into a full buffer block; attempts to {@code take} an element from an
 * empty buffer block. There is no global lock: producers and consumers that have passed their
 * semaphore claim their slots with one atomic increment each and hand elements over slot by slot.
 *
 * <h2>Fairness</h2>
 * A fair buffer ({@code fair == true}) grants waiting producers, and waiting consumers, in FIFO
 * order of arrival; a nonfair one lets an arriving thread barge. Throughput is usually lower for a
 * fair buffer, but it avoids starvation. In both modes a granted thread claims its slot right after
 * its grant, so two threads granted at nearly the same moment may claim their slots, and so get their
 * elements, in either order. The methods that never wait ({@link #offer(Object) offer(e)},
 * {@link #poll() poll()}, {@link #drainTo(Collection) drainTo}, {@link #clear() clear}) barge even
 * on a fair buffer, as {@link Semaphore#tryAcquire()} does; {@code offer(e, 0, unit)} and
 * {@code poll(0, unit)} honour fairness.
 *
 * <h2>Interruption and timeouts</h2>
 * The only place a thread waits is its semaphore. An {@link InterruptedException} or a timeout
 * therefore means that nothing happened: a failed {@code put} or {@code offer} leaves the element
 * with the caller and the buffer unchanged, a failed {@code take} or {@code poll} removes nothing.
 * Once a thread has been granted, its operation completes without throwing; an interrupt that
 * arrives after the grant is left pending in the thread's interrupt status.
 *
 * <h2>Differences from {@link java.util.concurrent.ArrayBlockingQueue}</h2>
 * <ul>
 *   <li><b>No removal from the middle.</b> {@link #remove(Object)}, {@link #removeAll},
 *       {@link #retainAll}, {@link #removeIf} and the iterator's {@code remove} throw
 *       {@link UnsupportedOperationException}. Each slot is handed from one producer to one
 *       consumer by a per-slot sequence number, and removing an element in the middle would need a
 *       global lock to renumber the slots behind it, which is what this class avoids. Remove
 *       elements from the head with {@link #poll()} or {@link #drainTo}, skip unwanted ones as you
 *       consume them, or use {@code ArrayBlockingQueue} where interior removal is needed.</li>
 *   <li><b>Size counts what can be taken now.</b> {@link #size()} is the number of elements whose
 *       {@code put} has finished and that no consumer has been granted yet; an element whose
 *       {@code put} is still handing it over is not counted. {@link #remainingCapacity()} is the
 *       number of spaces no producer has been granted yet. In a quiescent buffer they add up to the
 *       capacity.</li>
 *   <li><b>{@link #peek()} may wait for a handover.</b> When the buffer holds an element that can
 *       be taken but the producer of the head element has claimed its slot and not yet filled it
 *       (with several producers, a later one may finish first), {@code peek} waits for that
 *       producer (a few instructions, never a semaphore) rather than answer {@code null} for a
 *       buffer that holds elements.</li>
 *   <li><b>The methods that never block may still wait briefly.</b> {@link #poll()},
 *       {@link #offer(Object) offer(e)}, {@link #drainTo(Collection) drainTo}, {@link #clear()}
 *       and {@code peek} never wait on a semaphore, but once granted they hand over through a slot:
 *       if the producer or consumer they hand over with was descheduled in the middle of its own
 *       handover, they wait (spinning, then yielding, then parking for a microsecond at a time)
 *       until that thread has run its few remaining instructions. They never wait for another
 *       {@code put} or {@code take} to arrive.</li>
 * </ul>
 *
 * <p>The iterator is <i>weakly consistent</i>, in the sense of {@code java.util.concurrent}: it never
 * throws {@link java.util.ConcurrentModificationException}, visits each element at most once, in
 * FIFO order, visits every element that was in the buffer when it was created and is still there
 * when it is reached, and does not visit elements put after it was created. An element is in the
 * buffer, for the iterator and {@code peek}, once it can be taken: it is one of the first
 * {@link #size()} elements not yet granted to a consumer. So when the only consumer has just been
 * shown an element by {@code peek} or the iterator, its next {@code poll} returns an element (after
 * {@code peek}, that very element) rather than {@code null}. With
 * several producers, an element whose {@code put} has returned may be left out while a {@code put}
 * that claimed its slot earlier is still handing over. {@code contains}, {@code toArray},
 * {@code toString} and the {@linkplain #spliterator() spliterator} use the iterator. Null elements
 * are not permitted.
 *
 * <p>The serialized form is a snapshot taken with the iterator: the capacity, the fairness, the
 * elements and whether the buffer is closed. Waiting threads are not part of it.
 *
 * <h2>Closing</h2>
 * {@link #close()} ends the buffer's input, in place of a poison-pill element: puts then throw
 * {@link BufferClosedException}, consumers take what was put before, and then {@code take} throws
 * {@code BufferClosedException} while {@code poll} returns {@code null}. Closing loses no element
 * and strands no waiting thread.
 *
 * <h2>Memory consistency effects</h2>
 * As with other concurrent collections, actions in a thread prior to placing an object into a
 * {@code BoundedBuffer}
 * <a href="https://docs.oracle.com/javase/specs/jls/se17/html/jls-17.html#jls-17.4.5"><i>happen-before</i></a>
 * actions subsequent to the access or removal of that element from the {@code BoundedBuffer} in
 * another thread. Actions in a thread prior to {@link #close()} happen-before the
 * {@link BufferClosedException} that a {@code take} in another thread throws once the closed buffer
 * is drained.
 *
 * @param <E> the type of elements held in this buffer
 * @see java.util.concurrent.ArrayBlockingQueue
 */
public class BoundedBuffer<E> extends AbstractQueue<E> implements BlockingQueue<E>, Serializable {
    /*
     * Implementation notes (the long form, with proofs, is docs/buffer.md).
     *
     * State. `spaces` (starts at capacity) and `items` (starts at 0) are semaphores. putIndex
     * and takeIndex count the producer and consumer claims; each lives in its gate (spaces and
     * items, Padded.Gate), beside the permit count its claimers have just changed. Index i uses
     * slot i % capacity, on lap i / capacity, whose turn is T(i) = 2 * lap in 32-bit arithmetic.
     * Each slot has an element and a sequence: sequence == T(i) means "free for producer i",
     * sequence == T(i) + 1 means "holds producer i's element, for consumer i", and T(i) + 2 is
     * T(i + capacity). Producers write one gate's line and consumers the other's, so each gate
     * keeps a line to itself (Padded; measured in docs/performance.md).
     *
     *   put(e):  spaces.acquire()                    take():  items.acquire()
     *            p = putIndex++          (atomic)             c = takeIndex++         (atomic)
     *            await sequence[p] == T(p)                    await sequence[c] == T(c) + 1
     *            element[p] = e                               e = element[c]; element[c] = null
     *            sequence[p] = T(p) + 1  (release)            sequence[c] = T(c) + 2  (release)
     *            items.release()                              spaces.release(); return e
     *
     * Invariants.
     *   BB-I1  Every index is claimed by exactly one producer and one consumer (getAndAdd), in
     *          increasing order: producers claim 0, 1, 2, ... and so do consumers.
     *   BB-I2  The sequence of slot s only moves 0, 1, 2, 3, ... (mod 2^32): only producer i moves
     *          it from T(i) to T(i) + 1, only consumer i from T(i) + 1 to T(i) + 2. So a producer
     *          never overwrites an element that is not yet consumed, a consumer never reads a slot
     *          that is not yet filled, and consumer i gets exactly producer i's element: no loss,
     *          no duplication, FIFO in claim order. 32 bits are enough: a thread waiting on slot s
     *          for a lap L finds the slot at most `capacity` laps behind, since each lap still owed
     *          is a claimed handover not yet finished (BB-I3 bounds those by capacity), so the
     *          value it waits for is less than 2 * capacity + 2 < 2^32 steps ahead and can never be
     *          mistaken for one 2^32 steps behind.
     *   BB-I3  spaces + items + (claimed handovers not yet finished) == capacity, and neither count
     *          leaves [0, capacity]. Hence at most `capacity` elements are held, a full buffer
     *          blocks producers, an empty one blocks consumers, and takeIndex <= putIndex <=
     *          takeIndex + capacity.
     *   BB-I4  Between a grant and the release of the other semaphore nothing waits on a semaphore
     *          or throws. So no permit is stranded, and an interrupt or timeout (which can only
     *          strike inside the semaphore) leaves the element in the buffer once or with the
     *          caller.
     *   BB-I5  The waits in a handover end: producer p waits only for consumer p - capacity, and
     *          consumer c only for producer c. By BB-I3 both have already claimed their index when
     *          the waiter claims its own, and each waits only for a smaller index, so there is no
     *          cycle.
     *   BB-I6 (traversals never change state) and BB-I7 (fairness) are in docs/buffer.md.
     *   BB-I8  A traversal (peek, iterator) shows only takeable indexes: it reads takeIndex t, then
     *          items n, and shows index i only if t <= i < t + n. Every consumer that has claimed
     *          was granted first, so t + n <= (granted items) + n == (items releases so far): at
     *          that read, at least i + 1 producers had released, and n permits were free for the
     *          indexes from t on. Only consumers lower t + n, so a sole consumer's poll after a
     *          traversal showed it an element is granted and claims index t (peek's). Publication
     *          (sequence == i + 1) alone is not enough: a producer publishes before it releases
     *          items (BB-E4), and with several producers a later index may be released before an
     *          earlier one is even published. Traversals still wait for nothing but peek's head.
     *   BB-I9  A StackOverflowError cannot strike between a grant and the end of its handover
     *          (which would strand the permit and lose or hide the element): every method that
     *          takes a grant first calls StackHeadroom.ensure(), and the handover's release does
     *          not reserve again (Semaphore.releaseReserved). See QS-I8.
     *   BB-I10 close() sets spaces' closed flag (arrivals and waiters throw, QS-I10), then moves the
     *          spaces count, once, from s >= 0 to s - capacity - 1 < 0. Every producer grant is a
     *          CAS from a count >= 1, so none succeeds after that move, not even one whose read of
     *          the flag came before it: the move fixes the set of producers that will ever publish.
     *          BB-I3 then bounds the count by capacity - capacity - 1 == -1 = CLOSED_AND_EMPTY,
     *          reached exactly when every space is back: no element held, no handover in flight.
     *   BB-I11 The items gate closes only once the spaces count is CLOSED_AND_EMPTY, by whoever
     *          made it so: the close, or the consumer whose spaces release came last (one total
     *          order of CASes on the count; each reads it after its own). So a take fails only when
     *          no element is left and none can come (BB-I10): every put that returned normally
     *          has its element taken or takeable, and every consumer waiting then leaves (QS-I10).
     *
     * Happens-before edges.
     *   BB-E1  producer p's release write of sequence (p + 1) -> consumer p's acquire read of it:
     *          the element and everything the producer did before put are visible to the consumer.
     *          This, not the items semaphore, carries the element: the items permit a consumer gets
     *          may come from another producer's release.
     *   BB-E2  consumer c's release write of sequence (c + capacity) -> producer c + capacity's
     *          acquire read of it: the consumer's read and clearing of the slot come before the
     *          overwrite.
     *   BB-E3  Elements are written with release and read with acquire, and traversals (peek,
     *          iterator) read sequence, element, sequence, takeIndex: an element they return was
     *          published to them (its producer's writes are visible), and a slot reused meanwhile
     *          is detected, even one whose 32-bit sequence came round to the same value (BB-I2):
     *          its index was claimed by then.
     *   BB-E4  SEM-E1 on both gates: a producer's items.release follows its publication, and a
     *          consumer's spaces.release follows its clearing, so the counts never run ahead
     *          (BB-I3).
     *   BB-E5  A producer's items.release (a volatile CAS, after its publication) -> a traversal's
     *          volatile read of items that counts it. The traversal reads takeIndex, then items,
     *          then the slot, so what it shows was counted by the gate first (BB-I8).
     *   BB-E6  close()'s CAS on the spaces count -> the CAS or read that finds CLOSED_AND_EMPTY ->
     *          items' closed write -> the read of it by a consumer that then fails: what a thread
     *          did before close() is visible to a consumer told that the buffer is closed.
     *
     * Progress. Claiming is wait-free, and the handover waits of BB-I5 are short but blocking: a
     * thread descheduled between claim and publication delays the threads that wait for its
     * slot, as a lock holder would. By BB-I5 the thread at the root of a chain of such waits is not
     * waiting itself, so it finishes as soon as it runs; the waiters must only not keep it from
     * running. A waiter spins with onSpinWait, then yields, then parks for PARK_NANOS at a
     * time and checks again. Yielding alone is not enough: a virtual
     * thread's yield gives no fairness guarantee, so handover waiters that keep yielding on every
     * carrier can starve the root thread for good (VirtualThreadTortureTest checks this). A
     * timed park gives the carrier or CPU away. No wakeup is needed, so none can be lost; the
     * cost is latency only on this rare path. The wait ignores interrupts (BB-I4) but keeps them:
     * the status is cleared so that parking works, and set again when the wait ends.
     */

    private static final long serialVersionUID = 5_306_119_862_470_214_391L;

    /** Spins before a handover wait starts yielding; a handover takes a few instructions. */
    private static final int SPINS_BEFORE_YIELD = 128;
    /** Yields before a handover wait starts parking; see Progress in the design notes. */
    private static final int YIELDS_BEFORE_PARK = 64;
    /**
     * How long one park of a handover wait lasts before it checks again. As short as a timer
     * allows: the point is to give the carrier or CPU away, and a longer park holds up the waiter's
     * own claim, so its dependents queue up behind it (measured: a 1 ms cap cut virtual-thread
     * throughput 80-fold against this one; see docs/reliability.md).
     */
    private static final long PARK_NANOS = 1_000L;
    /**
     * The spaces count of a closed buffer whose every space is back: no element held, no handover
     * in flight (BB-I10, BB-I11). Never reached while open, where the count is at least 0.
     */
    private static final int CLOSED_AND_EMPTY = -1;

    /** The number of slots, fixed at construction. */
    private final int capacity;
    /** The slots' elements; read and written through ELEMENTS only (BB-E3). Serialized by SerializedForm. */
    private final transient Object[] elements;
    /** The slots' turns (BB-I2); read and written through SEQUENCES only (BB-E1, BB-E2). */
    private final int[] sequences;
    /**
     * Free spaces not yet granted to a producer, and the producers' claim counter (putIndex in the
     * design notes); padded so that neither shares a line with items.
     */
    private final Padded.Gate spaces;
    /** Filled slots not yet granted to a consumer, and the consumers' claim counter (takeIndex). */
    private final Padded.Gate items;

    /**
     * Creates a {@code BoundedBuffer} with the given (fixed) capacity and nonfair access.
     *
     * @param capacity the capacity of this buffer
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public BoundedBuffer(int capacity) {
        this(capacity, false);
    }

    /**
     * Creates a {@code BoundedBuffer} with the given (fixed) capacity and access policy.
     *
     * @param capacity the capacity of this buffer
     * @param fair if {@code true} then producers, and consumers, blocked on insertion or removal
     *     are granted in FIFO order; if {@code false} the access order is unspecified
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    @SuppressWarnings("this-escape") // the gates keep the buffer only as their park blocker, for thread dumps
    public BoundedBuffer(int capacity, boolean fair) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.elements = new Object[capacity];
        this.sequences = new int[capacity]; // BB-I2: 0, every slot free for lap 0; final-field published
        this.spaces = new Padded.Gate(capacity, fair, this);
        this.items = new Padded.Gate(0, fair, this);
    }

    /**
     * Inserts the specified element at the tail of this buffer, waiting if necessary for space to
     * become available.
     *
     * @throws InterruptedException if interrupted while waiting; the element was not added
     * @throws BufferClosedException if this buffer is closed, or is closed while waiting; the
     *     element was not added
     * @throws NullPointerException if the specified element is null
     */
    @Override
    public void put(E e) throws InterruptedException {
        Objects.requireNonNull(e);
        StackHeadroom.ensure(); // BB-I9
        try {
            spaces.acquire();
        } catch (SemaphoreClosedException closed) { // BB-I10: granted nothing, the element stays here
            throw closedToPuts();
        }
        enqueue(e);
    }

    /**
     * Inserts the specified element at the tail of this buffer if it is possible to do so
     * immediately, returning {@code true} upon success and {@code false} if this buffer is full.
     * Barges on a fair buffer. Never waits for space, but may wait briefly for a consumer that was
     * descheduled in the middle of handing over the slot this element goes to; see the class
     * description.
     *
     * @throws BufferClosedException if this buffer is closed; the element was not added
     * @throws NullPointerException if the specified element is null
     */
    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e);
        StackHeadroom.ensure(); // BB-I9
        try {
            if (!spaces.tryAcquire()) {
                return false;
            }
        } catch (SemaphoreClosedException closed) { // BB-I10: granted nothing
            throw closedToPuts();
        }
        enqueue(e);
        return true;
    }

    /**
     * Inserts the specified element at the tail of this buffer, waiting up to the specified wait
     * time for space to become available.
     *
     * @throws InterruptedException if interrupted while waiting; the element was not added
     * @throws BufferClosedException if this buffer is closed, or is closed while waiting; the
     *     element was not added
     * @throws NullPointerException if the specified element is null
     */
    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(e);
        StackHeadroom.ensure(); // BB-I9
        try {
            if (!spaces.tryAcquire(timeout, unit)) {
                return false;
            }
        } catch (SemaphoreClosedException closed) { // BB-I10: granted nothing
            throw closedToPuts();
        }
        enqueue(e);
        return true;
    }

    /**
     * Inserts the specified element at the tail of this buffer, waiting up to the given time for
     * space to become available; as {@link #offer(Object, long, TimeUnit)}. A duration too long
     * for a {@code long} of nanoseconds waits effectively forever.
     *
     * @param e the element to add
     * @param timeout the maximum time to wait; zero or negative means do not wait
     * @return {@code true} if the element was added, {@code false} if the time elapsed first
     * @throws InterruptedException if interrupted while waiting; the element was not added
     * @throws BufferClosedException if this buffer is closed; the element was not added
     * @throws NullPointerException if the element or {@code timeout} is null
     */
    public boolean offer(E e, Duration timeout) throws InterruptedException {
        return offer(e, TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Retrieves and removes the head of this buffer, waiting up to the given time for an element;
     * as {@link #poll(long, TimeUnit)}. A duration too long for a {@code long} of nanoseconds waits
     * effectively forever.
     *
     * @param timeout the maximum time to wait; zero or negative means do not wait
     * @return the head of this buffer, or {@code null} if the time elapsed first, or if the
     *     buffer is closed and every element put before the close has been taken
     * @throws InterruptedException if interrupted while waiting; nothing was removed
     * @throws NullPointerException if {@code timeout} is null
     */
    public E poll(Duration timeout) throws InterruptedException {
        return poll(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Retrieves and removes the head of this buffer, waiting if necessary until an element
     * becomes available.
     *
     * @throws InterruptedException if interrupted while waiting; nothing was removed
     * @throws BufferClosedException if this buffer is closed and every element put before the
     *     close has been taken, also when that happens while waiting; nothing was removed
     */
    @Override
    public E take() throws InterruptedException {
        StackHeadroom.ensure(); // BB-I9
        try {
            items.acquire();
        } catch (SemaphoreClosedException closed) { // BB-I11: closed and every element taken
            throw closedAndEmpty();
        }
        return dequeue();
    }

    /**
     * Retrieves and removes the head of this buffer, or returns {@code null} if it holds no element
     * that can be taken now. Barges on a fair buffer. Never waits for an element, but may wait
     * briefly for a producer that was descheduled in the middle of handing over the head element;
     * see the class description.
     */
    @Override
    public E poll() {
        StackHeadroom.ensure(); // BB-I9
        return items.tryGrantReported(1) ? dequeue() : null; // closed and empty: null, as empty
    }

    /**
     * Retrieves and removes the head of this buffer, waiting up to the specified wait time if
     * necessary for an element to become available. On a closed buffer it waits only while
     * elements put before the close are still to come; once all have been taken it returns
     * {@code null} at once.
     */
    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        StackHeadroom.ensure(); // BB-I9
        try {
            return items.tryAcquire(timeout, unit) ? dequeue() : null;
        } catch (SemaphoreClosedException closed) { // BB-I11: closed and every element taken
            return null;
        }
    }

    /**
     * Retrieves, but does not remove, the head of this buffer, or returns {@code null} if this
     * buffer is empty. If the head's producer is still handing it over while the buffer holds an
     * element that can be taken, waits for that handover; see the class description.
     */
    @Override
    public E peek() {
        boolean interrupted = false;
        for (int spins = 0; ; spins++) {
            long head = items.claimed(); // takeIndex
            boolean takeable = items.availablePermits() > 0; // BB-I8, BB-E5: read after takeIndex
            E e = takeable ? publishedElementAt(head) : null;
            if (e != null || !takeable) {
                // null: no element could be granted at this read, empty (BB-I3, BB-I8)
                if (interrupted) {
                    Thread.currentThread().interrupt(); // keep what backOff cleared
                }
                return e;
            }
            if (items.claimed() == head && backOff(spins)) { // the head's producer is mid-handover (BB-I5)
                interrupted = true;
            }
        }
    }

    /** Returns the number of elements that can be taken now; see the class description. */
    @Override
    public int size() {
        return items.availablePermits();
    }

    /**
     * Returns the number of spaces that can be filled now; see the class description. Zero once
     * the buffer is closed.
     */
    @Override
    public int remainingCapacity() {
        return Math.max(0, spaces.availablePermits()); // negative once closed (BB-I10)
    }

    /**
     * Removes all available elements from this buffer and adds them to the given collection. Drains
     * at most the elements present when it starts, so it ends even while producers keep adding.
     *
     * @throws UnsupportedOperationException if {@code c} does not support {@code add}
     * @throws ClassCastException if {@code c} refuses an element of this buffer by its class
     * @throws NullPointerException if {@code c} is null
     * @throws IllegalArgumentException if {@code c} is this buffer, or refuses an element by some
     *     property of it
     */
    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    /**
     * Removes at most the given number of available elements from this buffer and adds them to the
     * given collection. If adding an element throws, that element is lost and the ones before it
     * are in {@code c}. The elements are removed one at a time, as by {@link #poll()}, not in one
     * atomic step: other producers and consumers may act between two of them (unlike
     * {@code ArrayBlockingQueue.drainTo}, which holds its lock throughout).
     *
     * @throws UnsupportedOperationException if {@code c} does not support {@code add}
     * @throws ClassCastException if {@code c} refuses an element of this buffer by its class
     * @throws NullPointerException if {@code c} is null
     * @throws IllegalArgumentException if {@code c} is this buffer, or refuses an element by some
     *     property of it
     */
    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        Objects.requireNonNull(c);
        if (c == this) {
            throw new IllegalArgumentException("cannot drain a buffer into itself");
        }
        StackHeadroom.ensure(); // BB-I9: every iteration below runs at this depth
        int limit = Math.min(maxElements, items.availablePermits());
        int drained = 0;
        while (drained < limit && items.tryGrantReported(1)) { // as poll(): never throws when closed
            E e = dequeue();
            drained++;
            c.add(e);
        }
        return drained;
    }

    /** Removes the elements present when it starts; elements put meanwhile may remain. */
    @Override
    public void clear() {
        StackHeadroom.ensure(); // BB-I9
        for (int granted = items.drainPermits(); granted > 0; granted--) {
            dequeue(); // BB-I4: every granted item is consumed, so no permit is stranded
        }
    }

    /**
     * Returns a weakly consistent iterator over the elements in this buffer, in FIFO order. Its
     * {@code remove} method throws {@link UnsupportedOperationException}.
     */
    @Override
    public Iterator<E> iterator() {
        return new Traversal();
    }

    /**
     * Returns a weakly consistent spliterator over the elements in this buffer, in FIFO order. It
     * reports {@link Spliterator#ORDERED}, {@link Spliterator#NONNULL} and
     * {@link Spliterator#CONCURRENT}, and no size: the size changes while it runs.
     */
    @Override
    public Spliterator<E> spliterator() {
        return Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.CONCURRENT);
    }

    /**
     * Not supported: a bounded buffer removes only at its head.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean remove(Object o) {
        throw interiorRemoval();
    }

    /**
     * Not supported: a bounded buffer removes only at its head.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean removeAll(Collection<?> c) {
        throw interiorRemoval();
    }

    /**
     * Not supported: a bounded buffer removes only at its head.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean retainAll(Collection<?> c) {
        throw interiorRemoval();
    }

    /**
     * Not supported: a bounded buffer removes only at its head.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        throw interiorRemoval();
    }

    /**
     * Sets the listener that hears this buffer's acquisitions and waits, replacing any listener
     * set before; {@code null} removes it. A put, {@code offer} or timed {@code offer} is reported
     * as {@link WaitListener.Operation#PUT} when it gets a free space, and a take, {@code poll},
     * timed {@code poll} or each element of {@code drainTo} as {@link WaitListener.Operation#TAKE}
     * when it gets an element; the primitive reported is this buffer. Operations that begin after
     * this method returns report to the new listener; one already in progress may still report to
     * the old one. See {@link WaitListener} for what is reported, when, and at what cost.
     *
     * @param listener the listener, or {@code null} for none (the default)
     */
    public void setWaitListener(WaitListener listener) {
        spaces.setWaitListener(listener); // each gate publishes it to its own acquirers (QS-E9)
        items.setWaitListener(listener);
    }

    /**
     * Returns the listener set by {@link #setWaitListener}, or {@code null} if none is set.
     *
     * @return the listener, or {@code null}
     */
    public WaitListener getWaitListener() {
        return items.getWaitListener();
    }

    /**
     * Closes this buffer to producers, as closing a channel does: consumers take what was put
     * before, then learn that nothing more will come. It replaces a poison-pill element.
     *
     * <ul>
     *   <li>Every put that begins after this method returns ({@code put}, {@code offer}, timed
     *       {@code offer}, {@code add}, {@code addAll}) throws {@link BufferClosedException}, and so
     *       does every producer waiting for space when it is called. The element stays with the
     *       caller. A put that runs at the same time as the close either completes, as if before
     *       it, or throws.</li>
     *   <li>Consumers go on taking the elements put before the close, in order, and a consumer
     *       waiting on an empty buffer still gets an element whose put was completing during the
     *       close. Once every such element has been taken, {@link #take()} throws
     *       {@code BufferClosedException}, also to the consumers waiting then, and {@link #poll()},
     *       timed {@code poll} and {@link #peek()} return {@code null} at once.</li>
     * </ul>
     *
     * <p>So no element is lost and no thread is left waiting: every put that returned normally
     * has its element taken or still in the buffer, and the consumers of a drained closed buffer
     * all leave. Closing a closed buffer does nothing; a closed buffer never opens again.
     */
    public void close() {
        StackHeadroom.ensure(); // BB-I9: the take that may follow in this frame needs no more
        spaces.closeReserved(); // puts that arrive, and producers waiting, throw (QS-I10)
        shutSpaces(); // BB-I10: after it, no space is ever granted
        if (spaces.getPermits() == CLOSED_AND_EMPTY) { // BB-I11: nothing held, nothing in flight
            items.closeReserved();
        }
    }

    /**
     * Returns whether {@link #close()} has been called. Elements put before the close may still be
     * there to take: {@code isClosed() && isEmpty()} is not the end of the input, but a
     * {@code take} that throws {@link BufferClosedException} or a {@code poll} that returns
     * {@code null} on a closed buffer is.
     *
     * @return {@code true} if this buffer is closed
     */
    public boolean isClosed() {
        return spaces.isClosed();
    }

    /**
     * Returns {@code true} if this buffer grants waiting threads in FIFO order.
     *
     * @return {@code true} if this buffer was created fair
     */
    public boolean isFair() {
        return spaces.isFair();
    }

    // ---- the mechanism ----

    /** The side of this buffer that a gate admits, as its listener reports it. */
    WaitListener.Operation operationOf(Semaphore gate) {
        return gate == spaces ? WaitListener.Operation.PUT : WaitListener.Operation.TAKE;
    }

    /** Wait-queue nodes still linked on both gates, cancelled ones included; a test hook. */
    final int linkedWaiterCount() {
        return spaces.linkedWaiterCount() + items.linkedWaiterCount();
    }

    /**
     * Takes capacity + 1 from the spaces count, once (BB-I10): from then on the count is
     * negative, so no producer is granted, not even one whose CAS read the count before the close,
     * and it is CLOSED_AND_EMPTY exactly when every space is back.
     */
    private void shutSpaces() {
        for (;;) {
            int current = spaces.getPermits();
            if (current < 0) {
                return; // an earlier close shut it
            }
            if (spaces.casPermits(current, current - capacity - 1)) { // BB-I10: the linearization point
                return;
            }
        }
    }

    private BufferClosedException closedToPuts() {
        return new BufferClosedException("BoundedBuffer is closed: no more elements can be put");
    }

    private BufferClosedException closedAndEmpty() {
        return new BufferClosedException("BoundedBuffer is closed and every element has been taken");
    }

    /** Producer side, after a spaces grant: claim, wait for the slot, publish (BB-I4: never throws). */
    private void enqueue(E e) {
        long index = spaces.claim(); // BB-I1: putIndex++
        int slot = slotOf(index);
        int turn = turnOf(index);
        awaitSequence(slot, turn); // BB-E2: consumer index - capacity has cleared the slot
        setElementRelease(slot, e); // BB-E3: release, for a traversal's acquire read
        setSequenceRelease(slot, turn + 1); // BB-E1 release side
        items.releaseReserved(1); // BB-E4, BB-I9; cannot overflow: items <= capacity (BB-I3)
    }

    /** Consumer side, after an items grant: claim, wait for the element, clear (BB-I4: never throws). */
    private E dequeue() {
        long index = items.claim(); // BB-I1: takeIndex++
        int slot = slotOf(index);
        int turn = turnOf(index);
        awaitSequence(slot, turn + 1); // BB-E1 acquire side
        E e = getElementAcquire(slot); // BB-E3: every element read is an acquire
        setElementRelease(slot, null); // BB-E3: for the garbage collector, and so traversals skip it
        setSequenceRelease(slot, turn + 2); // BB-E2 release side: turnOf(index + capacity)
        spaces.releaseReserved(1); // BB-E4, BB-I9
        if (spaces.getPermits() == CLOSED_AND_EMPTY) { // BB-I11: a volatile read after that CAS
            items.closeReserved(); // the last element of a closed buffer is taken: takes now fail
        }
        return e;
    }

    /** Waits until the slot's sequence reaches the given value; ends by BB-I5. Keeps interrupts. */
    private void awaitSequence(int slot, int expected) {
        boolean interrupted = false;
        for (int round = 0; getSequenceAcquire(slot) != expected; round++) { // BB-E1, BB-E2 acquire side
            interrupted |= backOff(round);
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // BB-I4: the handover does not answer interrupts
        }
    }

    /**
     * One round of a handover wait (see Progress in the design notes): spin, then yield, then
     * park briefly. Returns whether it cleared the caller's interrupt status,
     * which the caller must set again when its wait ends: parkNanos returns at once while the
     * status is set, so keeping it would turn the parks back into a busy loop.
     */
    private boolean backOff(int round) {
        if (round < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
            return false;
        }
        if (round < SPINS_BEFORE_YIELD + YIELDS_BEFORE_PARK) {
            Thread.yield(); // let a descheduled producer or consumer finish its handover
            return false;
        }
        LockSupport.parkNanos(this, PARK_NANOS);
        return Thread.interrupted();
    }

    /**
     * The element of the given index if it is published and not yet cleared, else null. Reads the
     * sequence, then the element, then the sequence again, then takeIndex (BB-E3). An element of a
     * later lap would have been written after the sequence moved past turnOf(index) + 1, which the
     * second read then sees, unless the sequence came round to the same 32-bit value, 2^31 laps
     * later; but then consumer index claimed long before, which the read of takeIndex sees.
     */
    private E publishedElementAt(long index) {
        int slot = slotOf(index);
        int filled = turnOf(index) + 1;
        if (getSequenceAcquire(slot) != filled) { // BB-E3: the first sequence read
            return null;
        }
        E e = getElementAcquire(slot); // BB-E3; then the sequence again, then takeIndex
        if (e == null || getSequenceAcquire(slot) != filled || items.claimed() > index) {
            return null;
        }
        return e;
    }

    private int slotOf(long index) {
        return (int) (index % capacity);
    }

    /**
     * The turn of an index: twice its lap, {@code index / capacity}, in 32 bits (BB-I2). Slot
     * {@code slotOf(i)} is free for producer i at turnOf(i), holds its element at turnOf(i) + 1,
     * and is free for producer i + capacity at turnOf(i) + 2.
     */
    private int turnOf(long index) {
        return (int) (index / capacity) << 1;
    }

    private static UnsupportedOperationException interiorRemoval() {
        return new UnsupportedOperationException(
                "BoundedBuffer removes only at the head: use poll or drainTo");
    }

    /** A weakly consistent walk over the indexes that were takeable at creation (BB-I8). */
    private final class Traversal implements Iterator<E> {
        /** Indexes from here on were not takeable at creation; they are not visited. */
        private final long end;
        /** The next index to look at. */
        private long cursor;
        /** What next() returns; null when the walk is over. */
        private E next;

        Traversal() {
            cursor = items.claimed(); // before availablePermits, so end counts only takeable indexes (BB-I8)
            end = cursor + items.availablePermits();
            advance();
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public E next() {
            E e = next;
            if (e == null) {
                throw new NoSuchElementException();
            }
            advance();
            return e;
        }

        @Override
        public void remove() {
            throw interiorRemoval();
        }

        private void advance() {
            next = null;
            while (next == null) {
                long index = Math.max(cursor, items.claimed()); // skip what consumers have claimed
                if (index >= end) {
                    return;
                }
                cursor = index + 1;
                next = publishedElementAt(index);
            }
        }
    }

    // ---- serialization: a snapshot through a proxy, so the live fields are never deserialized ----

    /**
     * Serializes a snapshot instead of this buffer.
     *
     * @return the serialized form: capacity, fairness, the elements in FIFO order, and whether
     *     it is closed
     */
    private Object writeReplace() {
        return new SerializedForm(capacity, isFair(), toArray(), isClosed());
    }

    /**
     * Refuses a stream that holds a buffer's fields: a buffer is only ever written as its
     * SerializedForm.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("BoundedBuffer is deserialized through its SerializedForm");
    }

    /** The serialized form: capacity, fairness, the elements in FIFO order, and closed or not. */
    private static final class SerializedForm implements Serializable {
        private static final long serialVersionUID = 1L;

        private final int capacity;
        private final boolean fair;
        @SuppressWarnings("serial") // the buffer's elements: serializable when they are, as in ArrayBlockingQueue
        private final Object[] elements;
        /** Absent from streams written before buffers could close; read as false from those. */
        private final boolean closed;

        SerializedForm(int capacity, boolean fair, Object[] elements, boolean closed) {
            this.capacity = capacity;
            this.fair = fair;
            this.elements = elements;
            this.closed = closed;
        }

        private Object readResolve() throws InvalidObjectException {
            if (capacity < 1 || elements == null || elements.length > capacity) {
                throw new InvalidObjectException("bad capacity or element count");
            }
            BoundedBuffer<Object> buffer = new BoundedBuffer<>(capacity, fair);
            for (Object e : elements) {
                if (e == null) {
                    throw new InvalidObjectException("null element");
                }
                buffer.offer(e); // fits: elements.length <= capacity
            }
            if (closed) {
                buffer.close(); // after the elements, which are still there to take
            }
            return buffer;
        }
    }

    // ---- VarHandle access, named after the field and the access mode ----

    private int getSequenceAcquire(int slot) {
        return (int) SEQUENCES.getAcquire(sequences, slot);
    }

    private void setSequenceRelease(int slot, int value) {
        SEQUENCES.setRelease(sequences, slot, value);
    }

    @SuppressWarnings("unchecked")
    private E getElementAcquire(int slot) {
        return (E) ELEMENTS.getAcquire(elements, slot);
    }

    private void setElementRelease(int slot, Object e) {
        ELEMENTS.setRelease(elements, slot, e);
    }

    private static final VarHandle ELEMENTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle SEQUENCES = MethodHandles.arrayElementVarHandle(int[].class);

    static {
        // QS-I12: runs each slot accessor's call site once, on a buffer of this initializer's own
        BoundedBuffer<Object> probe = new BoundedBuffer<>(1);
        probe.setSequenceRelease(0, 0);
        probe.getSequenceAcquire(0);
        probe.setElementRelease(0, null);
        probe.getElementAcquire(0);
    }
}
