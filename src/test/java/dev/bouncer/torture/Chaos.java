package dev.bouncer.torture;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The chaos thread: it picks workers at random, interrupts the ones that are waiting, unparks any
 * of them for no reason (a spurious wakeup, pitfalls.md #12), and between injections runs the
 * scenario's continuous invariant check.
 */
final class Chaos implements Runnable {
    private final List<Thread> targets;
    private final Runnable continuousCheck;
    private volatile boolean stop;
    /** Written by the chaos thread only; read after it has been joined. */
    private long interrupts;
    private long unparks;

    Chaos(List<Thread> targets, Runnable continuousCheck) {
        this.targets = targets;
        this.continuousCheck = continuousCheck;
    }

    @Override
    public void run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop) {
            Thread target = targets.get(random.nextInt(targets.size()));
            Thread.State state = target.getState();
            boolean waiting = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
            if (waiting && random.nextInt(3) == 0) {
                target.interrupt();
                interrupts++;
            } else {
                LockSupport.unpark(target);
                unparks++;
            }
            continuousCheck.run();
            // Pace the injections so that waiters also get to wait undisturbed.
            LockSupport.parkNanos(random.nextLong(1_000L, 30_000L));
        }
    }

    void stop() {
        stop = true;
    }

    long interrupts() {
        return interrupts;
    }

    long unparks() {
        return unparks;
    }
}
