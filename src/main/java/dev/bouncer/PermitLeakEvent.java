package dev.bouncer;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/**
 * The JDK Flight Recorder event {@code dev.bouncer.PermitLeak}: a tracked permit handle that became
 * unreachable without being closed, as the leak detector reports it to its logger. Enabled by
 * default, with no threshold (an instant event). The event is written on the detector's thread,
 * so it carries no stack trace of its own; the acquiring call's stack is a field.
 *
 * <p>Only {@code LeakTracker} refers to this class, and only when the {@code jdk.jfr} module is
 * there and readable (the library declares it {@code requires static}), as for {@link WaitEvent}.
 */
@Name("dev.bouncer.PermitLeak")
@Label("bouncer Permit Leak")
@Category({"bouncer"})
@Description("A permit handle became unreachable without being closed")
@StackTrace(false)
final class PermitLeakEvent extends Event {
    @Label("Primitive Class")
    Class<?> primitiveClass;

    @Label("Primitive")
    @Description("The semaphore: its class and identity hash code, as Object.toString has them")
    String primitive;

    @Label("Permits")
    @Description("The permits the handle held")
    int permits;

    @Label("Acquiring Thread")
    @Description("The name of the thread that acquired the permits")
    String acquiringThread;

    @Label("Acquiring Thread Id")
    long acquiringThreadId;

    @Label("Acquired At")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    long acquiredAt;

    @Label("Given Back")
    @Description("Whether the leaked permits were released to the semaphore")
    boolean givenBack;

    @Label("Acquisition Stack")
    @Description("The stack of the acquiring call, one frame a line, innermost first; empty when the detector records no stacks")
    String acquisitionStack;

    private static final class Type {
        /** Looked up once, so that checking whether a recording wants it is a field read. */
        static final EventType TYPE = EventType.getEventType(PermitLeakEvent.class);
    }

    /** Writes the event if a recording has it enabled. */
    static void commit(Object semaphore, int permits, String thread, long threadId, long acquiredAtMillis,
            boolean givenBack, StackTraceElement[] stack) {
        if (!Type.TYPE.isEnabled()) {
            return;
        }
        PermitLeakEvent event = new PermitLeakEvent();
        event.primitiveClass = semaphore.getClass();
        event.primitive = semaphore.getClass().getName() + '@'
                + Integer.toHexString(System.identityHashCode(semaphore));
        event.permits = permits;
        event.acquiringThread = thread;
        event.acquiringThreadId = threadId;
        event.acquiredAt = acquiredAtMillis;
        event.givenBack = givenBack;
        StringBuilder text = new StringBuilder();
        for (StackTraceElement frame : stack) {
            text.append(frame).append('\n');
        }
        event.acquisitionStack = text.toString();
        event.commit();
    }
}
