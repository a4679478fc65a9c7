package dev.bouncer.jcstress;

/**
 * Lets a Termination test's actor and its {@code @Signal} race: the actor spins in
 * {@link #await} until the signal {@link #fire}s, and then both go at once.
 */
public final class StartingGun {
    private volatile boolean fired;

    public void fire() {
        fired = true;
    }

    public void await() {
        while (!fired) {
            Thread.onSpinWait();
        }
    }
}
