/**
 * bouncer: CAS-based concurrency primitives for Java 17+.
 *
 * <p>Only {@code dev.bouncer} is exported; the wait queue that every primitive parks on is
 * package-private inside it.
 */
module dev.bouncer {
    exports dev.bouncer;
    // Waits are reported to JDK Flight Recorder when the runtime has it; the library loads and
    // works without it (a jlinked image).
    requires static jdk.jfr;
}
