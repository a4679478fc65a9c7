package dev.bouncer;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A source of permits handed out as {@link Permit} handles: code that takes permits only through
 * this interface gives each one back by closing its handle, and cannot give back more than it
 * took. {@link Semaphore} (and so {@link BoundedSemaphore} and {@link BinarySemaphore}) is one.
 *
 * <p>The methods follow the verbs of {@link Semaphore#acquire()}, so the meaning carries over:
 * {@code acquirePermit} blocks interruptibly, {@code acquirePermitUninterruptibly} blocks through
 * interrupts, the untimed {@code tryAcquirePermit} does not wait, and the timed one waits at most the
 * given time. Each returns a handle only for permits it was granted. A try that fails returns an
 * empty {@link Optional}, which is not {@link AutoCloseable}, so it cannot be mistaken for a held
 * permit, not even in a try-with-resources statement:
 *
 * <pre>{@code
 * Optional<Permit> slot = source.tryAcquirePermit(Duration.ofMillis(50));
 * if (slot.isEmpty()) {
 *     return rejected();
 * }
 * try (Permit permit = slot.get()) {
 *     return served();
 * }
 * }</pre>
 *
 * <p>{@link #withPermit(Callable)} and its overloads do the acquire and the close around a task.
 *
 * <p>An acquire that fails, by interrupt, timeout or an exception, holds nothing afterwards: the
 * permits it did not get stay with the source. A source may refuse, with
 * {@link IllegalArgumentException}, a count it can never grant: one above its maximum, or zero
 * where a permit is a lease of its own; each implementation names its range. An implementation whose permits can be taken back
 * after the grant (a lease that expires) reports that through {@link Permit#isValid()}.
 *
 * <h2>Memory consistency effects</h2>
 * Actions in a thread prior to closing a {@link Permit}
 * <a href="https://docs.oracle.com/javase/specs/jls/se17/html/jls-17.html#jls-17.4.5"><i>happen-before</i></a>
 * actions following a successful acquire of any of those permits from the same source in another
 * thread, as an implementation's own release and acquire do.
 *
 * @see Permit
 */
public interface PermitSource {

    /**
     * Acquires the given number of permits, blocking until all are available or the thread is
     * {@linkplain Thread#interrupt interrupted}, and returns a handle that gives them back.
     *
     * @param permits the number of permits to acquire
     * @return a valid handle on exactly {@code permits} permits
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting;
     *     its interrupted status is cleared and no permit is taken
     * @throws IllegalArgumentException if {@code permits} is negative, or a count this source can
     *     never grant (a {@link Semaphore} accepts any count of zero or more)
     */
    Permit acquirePermit(int permits) throws InterruptedException;

    /**
     * Acquires the given number of permits, blocking until all are available, and returns a
     * handle that gives them back. An interrupt while waiting does not stop the wait; the method
     * returns with the thread's interrupt status set.
     *
     * @param permits the number of permits to acquire
     * @return a valid handle on exactly {@code permits} permits
     * @throws IllegalArgumentException if {@code permits} is negative, or a count this source can
     *     never grant (a {@link Semaphore} accepts any count of zero or more)
     */
    Permit acquirePermitUninterruptibly(int permits);

    /**
     * Acquires the given number of permits only if all are available now, as the source's untimed
     * try does (a {@link Semaphore} barges, whatever its fairness).
     *
     * @param permits the number of permits to acquire
     * @return a valid handle on exactly {@code permits} permits, or an empty {@code Optional} if
     *     they were not available; nothing is taken then
     * @throws IllegalArgumentException if {@code permits} is negative, or a count this source can
     *     never grant (a {@link Semaphore} accepts any count of zero or more)
     */
    Optional<Permit> tryAcquirePermit(int permits);

    /**
     * Acquires the given number of permits if all become available within the given waiting time
     * and the current thread is not {@linkplain Thread#interrupt interrupted}, honouring the
     * source's fairness. A time of zero or less does not wait.
     *
     * @param permits the number of permits to acquire
     * @param timeout the maximum time to wait; zero or less means do not wait
     * @param unit the time unit of the {@code timeout} argument
     * @return a valid handle on exactly {@code permits} permits, or an empty {@code Optional} if
     *     the time elapsed first; nothing is taken then
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting;
     *     no permit is taken
     * @throws IllegalArgumentException if {@code permits} is negative, or a count this source can
     *     never grant (a {@link Semaphore} accepts any count of zero or more)
     * @throws NullPointerException if {@code unit} is null
     */
    Optional<Permit> tryAcquirePermit(int permits, long timeout, TimeUnit unit)
            throws InterruptedException;

    /**
     * Acquires one permit, blocking until it is available or the thread is interrupted; as
     * {@link #acquirePermit(int) acquirePermit(1)}.
     *
     * @return a valid handle on one permit
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting;
     *     no permit is taken
     */
    default Permit acquirePermit() throws InterruptedException {
        return acquirePermit(1);
    }

    /**
     * Acquires one permit, blocking until it is available, through interrupts; as
     * {@link #acquirePermitUninterruptibly(int) acquirePermitUninterruptibly(1)}.
     *
     * @return a valid handle on one permit
     */
    default Permit acquirePermitUninterruptibly() {
        return acquirePermitUninterruptibly(1);
    }

    /**
     * Acquires one permit only if it is available now; as
     * {@link #tryAcquirePermit(int) tryAcquirePermit(1)}.
     *
     * @return a valid handle on one permit, or an empty {@code Optional}; nothing is taken then
     */
    default Optional<Permit> tryAcquirePermit() {
        return tryAcquirePermit(1);
    }

    /**
     * Acquires one permit if it becomes available within the given waiting time; as
     * {@link #tryAcquirePermit(int, long, TimeUnit) tryAcquirePermit(1, timeout, unit)}.
     *
     * @param timeout the maximum time to wait; zero or less means do not wait
     * @param unit the time unit of the {@code timeout} argument
     * @return a valid handle on one permit, or an empty {@code Optional} if the time elapsed first
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     * @throws NullPointerException if {@code unit} is null
     */
    default Optional<Permit> tryAcquirePermit(long timeout, TimeUnit unit)
            throws InterruptedException {
        return tryAcquirePermit(1, timeout, unit);
    }

    /**
     * Acquires one permit if it becomes available within the given waiting time; as
     * {@link #tryAcquirePermit(long, TimeUnit)}. A duration too long for a {@code long} of
     * nanoseconds waits effectively forever.
     *
     * @param timeout the maximum time to wait; zero or negative means do not wait
     * @return a valid handle on one permit, or an empty {@code Optional} if the time elapsed first
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     * @throws NullPointerException if {@code timeout} is null
     */
    default Optional<Permit> tryAcquirePermit(Duration timeout) throws InterruptedException {
        return tryAcquirePermit(1, timeout);
    }

    /**
     * Acquires the given number of permits if all become available within the given waiting time;
     * as {@link #tryAcquirePermit(int, long, TimeUnit)}. A duration too long for a {@code long} of
     * nanoseconds waits effectively forever.
     *
     * @param permits the number of permits to acquire
     * @param timeout the maximum time to wait; zero or negative means do not wait
     * @return a valid handle on exactly {@code permits} permits, or an empty {@code Optional} if
     *     the time elapsed first
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     * @throws IllegalArgumentException if {@code permits} is negative, or a count this source can
     *     never grant (a {@link Semaphore} accepts any count of zero or more)
     * @throws NullPointerException if {@code timeout} is null
     */
    default Optional<Permit> tryAcquirePermit(int permits, Duration timeout)
            throws InterruptedException {
        return tryAcquirePermit(permits, TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs the task holding one permit: acquires it as {@link #acquirePermit()} does, calls the
     * task, and gives the permit back however the task ends.
     *
     * @param <T> the task's result type
     * @param task the task to call
     * @return what the task returned
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     *     for the permit; the task is not called
     * @throws Exception what the task threw, after the permit was given back
     * @throws NullPointerException if {@code task} is null; no permit is taken
     */
    default <T> T withPermit(Callable<T> task) throws Exception {
        return withPermit(1, task);
    }

    /**
     * Runs the task holding the given number of permits: acquires them as
     * {@link #acquirePermit(int)} does, calls the task, and gives them back however the task ends.
     *
     * @param <T> the task's result type
     * @param permits the number of permits to hold while the task runs
     * @param task the task to call
     * @return what the task returned
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     *     for the permits; the task is not called
     * @throws Exception what the task threw, after the permits were given back
     * @throws IllegalArgumentException if {@code permits} is negative, or a count this source can
     *     never grant (a {@link Semaphore} accepts any count of zero or more)
     * @throws NullPointerException if {@code task} is null; no permit is taken
     */
    @SuppressWarnings("try") // the resource is only closed: closing it gives the permits back
    default <T> T withPermit(int permits, Callable<T> task) throws Exception {
        if (task == null) {
            throw new NullPointerException();
        }
        try (Permit permit = acquirePermit(permits)) {
            return task.call();
        }
    }

    /**
     * Runs the task holding one permit: acquires it as {@link #acquirePermit()} does, runs the
     * task, and gives the permit back however the task ends.
     *
     * @param task the task to run
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     *     for the permit; the task is not run
     * @throws NullPointerException if {@code task} is null; no permit is taken
     */
    default void withPermit(Runnable task) throws InterruptedException {
        withPermit(1, task);
    }

    /**
     * Runs the task holding the given number of permits: acquires them as
     * {@link #acquirePermit(int)} does, runs the task, and gives them back however the task ends.
     * What the task throws propagates after the permits are given back.
     *
     * @param permits the number of permits to hold while the task runs
     * @param task the task to run
     * @throws InterruptedException if the current thread is interrupted on entry or while waiting
     *     for the permits; the task is not run
     * @throws IllegalArgumentException if {@code permits} is negative, or a count this source can
     *     never grant (a {@link Semaphore} accepts any count of zero or more)
     * @throws NullPointerException if {@code task} is null; no permit is taken
     */
    @SuppressWarnings("try") // the resource is only closed: closing it gives the permits back
    default void withPermit(int permits, Runnable task) throws InterruptedException {
        if (task == null) {
            throw new NullPointerException();
        }
        try (Permit permit = acquirePermit(permits)) {
            task.run();
        }
    }
}
