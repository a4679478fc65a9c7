package dev.bouncer;

import dev.bouncer.support.LockTwin;

/** The shared Lock and Condition contract against Mutex. Mutex-only behaviour is in MutexTest. */
class MutexContractTest extends LockContractTest {
    MutexContractTest() {
        super(LockTwin.BOUNCER);
    }
}
