package dev.bouncer;

import dev.bouncer.support.QueueTwin;

/** The shared {@code BlockingQueue} contract against {@link BoundedBuffer}. */
class BoundedBufferContractTest extends BlockingQueueContract {
    BoundedBufferContractTest() {
        super(QueueTwin.BOUNCER);
    }
}
