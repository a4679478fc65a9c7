package dev.bouncer;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/** The shared Lock and Condition contract against Mutex. Mutex-only behaviour is in MutexTest. */
class MutexContractTest extends LockContractTest {
    @Override
    Lock newLock(boolean fair) {
        return new Mutex(fair);
    }

    @Override
    boolean isLocked(Lock lock) {
        return ((Mutex) lock).isLocked();
    }

    @Override
    boolean isHeldByCurrentThread(Lock lock) {
        return ((Mutex) lock).isHeldByCurrentThread();
    }

    @Override
    boolean hasQueuedThread(Lock lock, Thread t) {
        return ((Mutex) lock).hasQueuedThread(t);
    }

    @Override
    int getQueueLength(Lock lock) {
        return ((Mutex) lock).getQueueLength();
    }

    @Override
    int getWaitQueueLength(Lock lock, Condition condition) {
        return ((MutexCondition) condition).getWaitQueueLength();
    }
}
