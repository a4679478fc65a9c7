package dev.bouncer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tracked {@link Permit} handle that holds its permits now, as {@link Semaphore#permitHolders()}
 * lists it: who acquired it, when, how many permits, and where in the code. Meant for a person
 * finding out why threads wait for permits; it is a snapshot, and the handle may have been closed
 * by the time it is read.
 *
 * @param threadName the name of the thread that acquired the permits, when it acquired them
 * @param threadId the id of that thread ({@link Thread#getId()})
 * @param acquiredAt when the acquiring call began: to the millisecond when stacks are recorded,
 *     otherwise to within about a second (the detector's own clock, which costs less to read)
 * @param permits the number of permits the handle holds
 * @param acquisitionSite the stack of the acquiring call, innermost frame first, starting at the
 *     caller of the semaphore's acquire method; empty when the semaphore's {@link LeakDetection}
 *     does not {@linkplain LeakDetection#recordsStacks() record stacks}; unmodifiable
 */
public record PermitHolder(String threadName, long threadId, Instant acquiredAt, int permits,
        List<StackTraceElement> acquisitionSite) {

    /**
     * Checks the components and keeps an unmodifiable copy of the stack.
     *
     * @param threadName the name of the thread that acquired the permits
     * @param threadId the id of that thread
     * @param acquiredAt when the acquiring call began
     * @param permits the number of permits the handle holds
     * @param acquisitionSite the stack of the acquiring call, innermost frame first
     * @throws NullPointerException if a reference argument or a stack element is null
     */
    public PermitHolder {
        Objects.requireNonNull(threadName);
        Objects.requireNonNull(acquiredAt);
        acquisitionSite = List.copyOf(acquisitionSite);
    }
}
