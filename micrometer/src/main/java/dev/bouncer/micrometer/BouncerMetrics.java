package dev.bouncer.micrometer;

import dev.bouncer.BinarySemaphore;
import dev.bouncer.BoundedBuffer;
import dev.bouncer.BoundedSemaphore;
import dev.bouncer.Mutex;
import dev.bouncer.Semaphore;
import dev.bouncer.WaitListener;
import dev.bouncer.WaitListener.Operation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Binds a bouncer primitive to a Micrometer {@link MeterRegistry}: gauges of its state, and
 * counters and a timer of its acquisitions and waits, heard through the primitive's
 * {@link WaitListener}.
 *
 * <pre>{@code
 * Semaphore pool = new Semaphore(10, true);
 * BouncerMetrics.of(pool, "db-pool", Tags.of("service", "orders")).bindTo(registry);
 * }</pre>
 *
 * <p>Every meter carries the tags given here plus {@code name} (the name given here) and
 * {@code primitive}: {@code semaphore}, {@code bounded_semaphore}, {@code binary_semaphore},
 * {@code mutex} or {@code buffer}. The meters:
 * <table class="striped">
 *   <caption>Meters</caption>
 *   <thead><tr><th>Name</th><th>Type</th><th>Extra tags</th><th>For</th><th>Meaning</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@value #PERMITS_AVAILABLE}</td><td>gauge</td><td></td><td>semaphores</td>
 *       <td>{@link Semaphore#availablePermits()}</td></tr>
 *   <tr><td>{@value #QUEUE_LENGTH}</td><td>gauge</td><td></td><td>semaphores, mutex</td>
 *       <td>threads waiting to acquire ({@code getQueueLength()})</td></tr>
 *   <tr><td>{@value #LOCKED}</td><td>gauge</td><td></td><td>mutex</td>
 *       <td>1 while some thread holds the mutex, else 0</td></tr>
 *   <tr><td>{@value #BUFFER_SIZE}</td><td>gauge</td><td></td><td>buffer</td>
 *       <td>{@link BoundedBuffer#size()}: elements that can be taken now</td></tr>
 *   <tr><td>{@value #BUFFER_REMAINING}</td><td>gauge</td><td></td><td>buffer</td>
 *       <td>{@link BoundedBuffer#remainingCapacity()}</td></tr>
 *   <tr><td>{@value #ACQUISITIONS}</td><td>counter</td><td>{@code operation}</td><td>all</td>
 *       <td>successful acquisitions, waited or not</td></tr>
 *   <tr><td>{@value #WAITS}</td><td>counter</td><td>{@code operation}</td><td>all</td>
 *       <td>waits begun; those not yet in {@value #WAIT} are still waiting</td></tr>
 *   <tr><td>{@value #WAIT}</td><td>timer</td><td>{@code operation}, {@code outcome}</td><td>all</td>
 *       <td>waits ended, and how long they took; {@code outcome} is {@code acquired},
 *       {@code timed_out}, {@code interrupted} or {@code closed}</td></tr>
 *   </tbody>
 * </table>
 * {@code operation} is {@code acquire} for a semaphore or a mutex, and {@code put} or {@code take}
 * for a buffer. What counts as an acquisition and as a wait is {@link WaitListener}'s contract. All
 * these meters are registered by {@link #bindTo}, at zero, so a dashboard shows them before the
 * first wait.
 *
 * <p><b>References.</b> The gauges hold the primitive weakly, as Micrometer's gauges do by default,
 * so binding it does not keep it alive; once it is collected they read {@code NaN}. The counters and
 * the timer are referenced by the primitive's listener, not the other way round. This object holds
 * the primitive until it is itself dropped.
 *
 * <p><b>The listener.</b> The first {@link #bindTo} sets this object's listener on the primitive;
 * later ones, to other registries, add their meters to the same listener. A primitive has one
 * listener: binding a primitive whose listener was set elsewhere throws.
 *
 * <p><b>Memory consistency effects.</b> The meters registered by {@link #bindTo} are visible to
 * every acquisition that begins after it returns (the listener is published by the primitive's
 * {@code setWaitListener}).
 */
public final class BouncerMetrics implements MeterBinder {
    /** Gauge: the permits available in a semaphore. */
    public static final String PERMITS_AVAILABLE = "bouncer.permits.available";
    /** Gauge: the threads waiting to acquire a semaphore or a mutex. */
    public static final String QUEUE_LENGTH = "bouncer.queue.length";
    /** Gauge: 1 while a mutex is held, else 0. */
    public static final String LOCKED = "bouncer.locked";
    /** Gauge: the elements of a buffer that can be taken now. */
    public static final String BUFFER_SIZE = "bouncer.buffer.size";
    /** Gauge: the free spaces of a buffer. */
    public static final String BUFFER_REMAINING = "bouncer.buffer.remaining";
    /** Counter: successful acquisitions, waited or not. */
    public static final String ACQUISITIONS = "bouncer.acquisitions";
    /** Counter: waits begun. */
    public static final String WAITS = "bouncer.waits";
    /** Timer: waits ended, tagged with their outcome. */
    public static final String WAIT = "bouncer.wait";

    private final Object primitive;
    private final Tags tags;
    /** Registers the primitive's gauges in a registry; captures nothing that holds the primitive. */
    private final Consumer<MeterRegistry> gauges;
    private final List<Operation> operations;
    private final MeterListener listener = new MeterListener();

    private BouncerMetrics(Object primitive, Tags tags, Consumer<MeterRegistry> gauges,
            List<Operation> operations) {
        this.primitive = primitive;
        this.tags = tags;
        this.gauges = gauges;
        this.operations = operations;
    }

    /**
     * Meters for a semaphore: {@link BoundedSemaphore} and {@link BinarySemaphore} are tagged as
     * such.
     *
     * @param semaphore the semaphore
     * @param name the value of the {@code name} tag
     * @param tags more tags for every meter
     * @return a binder; call {@link #bindTo} to register the meters
     */
    public static BouncerMetrics of(Semaphore semaphore, String name, Iterable<Tag> tags) {
        String kind = semaphore instanceof BinarySemaphore ? "binary_semaphore"
                : semaphore instanceof BoundedSemaphore ? "bounded_semaphore" : "semaphore";
        Tags all = tagsFor(name, kind, tags);
        return new BouncerMetrics(semaphore, all, registry -> {
            Gauge.builder(PERMITS_AVAILABLE, semaphore, Semaphore::availablePermits).tags(all)
                    .description("Permits available now").baseUnit("permits").register(registry);
            Gauge.builder(QUEUE_LENGTH, semaphore, Semaphore::getQueueLength).tags(all)
                    .description("Threads waiting to acquire").baseUnit("threads").register(registry);
        }, List.of(Operation.ACQUIRE));
    }

    /**
     * Meters for a mutex.
     *
     * @param mutex the mutex
     * @param name the value of the {@code name} tag
     * @param tags more tags for every meter
     * @return a binder; call {@link #bindTo} to register the meters
     */
    public static BouncerMetrics of(Mutex mutex, String name, Iterable<Tag> tags) {
        Tags all = tagsFor(name, "mutex", tags);
        return new BouncerMetrics(mutex, all, registry -> {
            Gauge.builder(LOCKED, mutex, m -> m.isLocked() ? 1 : 0).tags(all)
                    .description("1 while a thread holds the mutex, else 0").register(registry);
            Gauge.builder(QUEUE_LENGTH, mutex, Mutex::getQueueLength).tags(all)
                    .description("Threads waiting to acquire").baseUnit("threads").register(registry);
        }, List.of(Operation.ACQUIRE));
    }

    /**
     * Meters for a bounded buffer; its counters and timer are tagged {@code operation=put} for
     * producers and {@code operation=take} for consumers.
     *
     * @param buffer the buffer
     * @param name the value of the {@code name} tag
     * @param tags more tags for every meter
     * @return a binder; call {@link #bindTo} to register the meters
     */
    public static BouncerMetrics of(BoundedBuffer<?> buffer, String name, Iterable<Tag> tags) {
        Tags all = tagsFor(name, "buffer", tags);
        return new BouncerMetrics(buffer, all, registry -> {
            Gauge.builder(BUFFER_SIZE, buffer, BoundedBuffer::size).tags(all)
                    .description("Elements that can be taken now").baseUnit("elements").register(registry);
            Gauge.builder(BUFFER_REMAINING, buffer, BoundedBuffer::remainingCapacity).tags(all)
                    .description("Free spaces").baseUnit("elements").register(registry);
        }, List.of(Operation.PUT, Operation.TAKE));
    }

    /**
     * Registers this primitive's meters in the registry and, on the first call, sets the listener
     * that moves them on the primitive. Binding to several registries feeds them all.
     *
     * @param registry the registry
     * @throws IllegalStateException if the primitive's listener was set by something else
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        WaitListener current = listenerOf(primitive);
        if (current != null && current != listener) {
            throw new IllegalStateException(primitive + " already has a wait listener: " + current);
        }
        gauges.accept(registry);
        listener.add(new MeterListener.Meters(registry, tags, operations));
        if (current == null) {
            setListenerOf(primitive, listener);
        }
    }

    private static Tags tagsFor(String name, String kind, Iterable<Tag> tags) {
        return Tags.of(tags).and("name", Objects.requireNonNull(name, "name"), "primitive", kind);
    }

    private static WaitListener listenerOf(Object primitive) {
        if (primitive instanceof Semaphore semaphore) {
            return semaphore.getWaitListener();
        }
        if (primitive instanceof Mutex mutex) {
            return mutex.getWaitListener();
        }
        return ((BoundedBuffer<?>) primitive).getWaitListener();
    }

    private static void setListenerOf(Object primitive, WaitListener listener) {
        if (primitive instanceof Semaphore semaphore) {
            semaphore.setWaitListener(listener);
        } else if (primitive instanceof Mutex mutex) {
            mutex.setWaitListener(listener);
        } else {
            ((BoundedBuffer<?>) primitive).setWaitListener(listener);
        }
    }
}
