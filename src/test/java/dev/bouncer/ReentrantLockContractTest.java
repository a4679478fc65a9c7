package dev.bouncer;

import dev.bouncer.support.LockTwin;

/** The shared contract against the JDK's lock: the baseline that Mutex must match. */
class ReentrantLockContractTest extends LockContractTest {
    ReentrantLockContractTest() {
        super(LockTwin.JDK);
    }
}
