package dev.bouncer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** The shared contract against the JDK's queue: proves the tests themselves expect the right thing. */
class ArrayBlockingQueueContractTest extends BlockingQueueContract {
    @Override
    BlockingQueue<Integer> newQueue(int capacity, boolean fair) {
        return new ArrayBlockingQueue<>(capacity, fair);
    }
}
