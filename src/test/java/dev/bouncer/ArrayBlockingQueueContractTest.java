package dev.bouncer;

import dev.bouncer.support.QueueTwin;

/** The shared contract against the JDK's queue: proves the tests themselves expect the right thing. */
class ArrayBlockingQueueContractTest extends BlockingQueueContract {
    ArrayBlockingQueueContractTest() {
        super(QueueTwin.JDK);
    }
}
