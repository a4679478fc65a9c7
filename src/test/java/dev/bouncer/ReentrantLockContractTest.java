package dev.bouncer;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/** The shared contract against the JDK's lock: the baseline that Mutex must match. */
class ReentrantLockContractTest extends LockContractTest {
    @Override
    Lock newLock(boolean fair) {
        return new ReentrantLock(fair);
    }

    @Override
    boolean isLocked(Lock lock) {
        return ((ReentrantLock) lock).isLocked();
    }

    @Override
    boolean isHeldByCurrentThread(Lock lock) {
        return ((ReentrantLock) lock).isHeldByCurrentThread();
    }

    @Override
    boolean hasQueuedThread(Lock lock, Thread t) {
        return ((ReentrantLock) lock).hasQueuedThread(t);
    }

    @Override
    int getQueueLength(Lock lock) {
        return ((ReentrantLock) lock).getQueueLength();
    }

    @Override
    int getWaitQueueLength(Lock lock, Condition condition) {
        return ((ReentrantLock) lock).getWaitQueueLength(condition);
    }
}
