package dev.bouncer.support;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock family's twins: {@link dev.bouncer.Mutex} and the JDK lock it stands in for, each made
 * as a subclass that implements {@link LockLike}. The two agree wherever a thread holds the lock at
 * most once.
 */
public enum LockTwin {
    JDK {
        @Override
        public LockLike create(boolean fair) {
            return new Jdk(fair);
        }
    },
    BOUNCER {
        @Override
        public LockLike create(boolean fair) {
            return new Bouncer(fair);
        }
    };

    /** A fresh, unlocked lock with the given fairness. */
    public abstract LockLike create(boolean fair);

    /** {@link ReentrantLock}, with its condition introspection reached through the lock. */
    static final class Jdk extends ReentrantLock implements LockLike {
        private static final long serialVersionUID = 1L;

        Jdk(boolean fair) {
            super(fair);
        }

        /** The JDK lock parks on its AbstractQueuedSynchronizer or one of its conditions. */
        @Override
        public boolean isBlocker(Object blocker) {
            return blocker instanceof AbstractQueuedSynchronizer
                    || blocker instanceof AbstractQueuedSynchronizer.ConditionObject;
        }
    }

    /** Ours: Mutex has every method of LockLike itself. */
    static final class Bouncer extends dev.bouncer.Mutex implements LockLike {
        private static final long serialVersionUID = 1L;

        Bouncer(boolean fair) {
            super(fair);
        }
    }
}
