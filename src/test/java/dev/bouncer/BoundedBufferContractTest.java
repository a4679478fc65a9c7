package dev.bouncer;

import java.util.concurrent.BlockingQueue;

/** The shared {@code BlockingQueue} contract against {@link BoundedBuffer}. */
class BoundedBufferContractTest extends BlockingQueueContract {
    @Override
    BlockingQueue<Integer> newQueue(int capacity, boolean fair) {
        return new BoundedBuffer<>(capacity, fair);
    }
}
