package dev.bouncer;

import java.util.Locale;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * The JDK Flight Recorder event {@code dev.bouncer.Wait}: one thread's wait in a primitive's queue,
 * from the moment it queued to its outcome. Like {@code jdk.ThreadPark}, it is enabled with a
 * threshold of 20 ms, so only waits at least that long are written; a {@code .jfc} settings file
 * or {@code Recording.enable("dev.bouncer.Wait")} changes both, as for any event.
 *
 * <p>Only the engine's slow path refers to this class, and only when
 * {@code QueuedSynchronizer.WAIT_EVENTS} says that the {@code jdk.jfr} module is there and readable
 * (the library declares it {@code requires static}); a runtime without that module, such as a
 * jlinked image, never loads this class.
 */
@Name("dev.bouncer.Wait")
@Label("bouncer Wait")
@Category({"bouncer"})
@Description("A thread waited in the queue of a bouncer primitive")
@StackTrace(true)
@Threshold("20 ms")
final class WaitEvent extends Event {
    @Label("Primitive Class")
    @Description("The class of the primitive waited on, as thread dumps name it")
    Class<?> primitiveClass;

    @Label("Primitive")
    @Description("The primitive waited on: its class and identity hash code, as Object.toString has them")
    String primitive;

    @Label("Permits")
    @Description("What the waiter asked for: permits, or 1 for a lock or a buffer slot")
    int permits;

    @Label("Fair")
    boolean fair;

    @Label("Outcome")
    @Description("How the wait ended: acquired, timed out, interrupted or closed")
    String outcome;

    @Label("Queue Length")
    @Description("The waiters ahead of this one when it queued, counted up to 1,000")
    int queueLength;

    /** How far the queue is counted: each arrival walks at most this many nodes. */
    static final int QUEUE_LENGTH_LIMIT = 1_000;

    /** The primitive, kept until the event is written; transient, so not recorded itself. */
    private transient Object blocker;

    private static final class Type {
        /** Looked up once, on the first wait, so that checking whether a recording wants it is a field read. */
        static final EventType TYPE = EventType.getEventType(WaitEvent.class);
    }

    /**
     * Starts an event for a thread that is about to queue, or returns null when no recording has
     * the event enabled. Called before the waiter's node exists, so anything it throws leaves
     * nothing taken.
     */
    static Object begin(QueuedSynchronizer queue, int request) {
        if (!Type.TYPE.isEnabled()) {
            return null;
        }
        WaitEvent event = new WaitEvent();
        event.begin();
        event.blocker = queue.parkBlocker();
        event.permits = request;
        event.fair = queue.fairArrivals();
        event.queueLength = queue.waiterCount(QUEUE_LENGTH_LIMIT);
        return event;
    }

    /** Ends the event that {@link #begin} returned, with the wait's outcome, and writes it if it lasted long enough. */
    static void end(Object started, WaitListener.Outcome outcome) {
        WaitEvent event = (WaitEvent) started;
        event.end();
        if (event.shouldCommit()) { // only now, for a wait past the threshold: the strings
            Object primitive = event.blocker;
            event.primitiveClass = primitive.getClass();
            event.primitive = primitive.getClass().getName() + '@'
                    + Integer.toHexString(System.identityHashCode(primitive));
            event.outcome = outcome.name().toLowerCase(Locale.ROOT).replace('_', ' '); // "timed out"
            event.commit();
        }
    }
}
