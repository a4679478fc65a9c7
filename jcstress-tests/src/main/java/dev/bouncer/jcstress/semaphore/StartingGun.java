package dev.bouncer.jcstress.semaphore;

/**
 * Lets a Termination test's actor and its {@code @Signal} race: the actor spins in
 * {@link #await} until the signal {@link #fire}s, and then both go at once.
 */
final class StartingGun {
    private volatile boolean fired;

    void fire() {
        fired = true;
    }

    void await() {
        while (!fired) {
            Thread.onSpinWait();
        }
    }
}
