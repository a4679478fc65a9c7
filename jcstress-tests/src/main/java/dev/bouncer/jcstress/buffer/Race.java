package dev.bouncer.jcstress.buffer;

import dev.bouncer.jcstress.StartingGun;
import dev.bouncer.jcstress.Waiters;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two buffer operations racing, {@link #ROUNDS} times in lock step, inside one
 * {@code Mode.Termination} actor: one side on a helper thread, one on the actor's own thread. The
 * {@code @Signal} fires the starting gun; it can never block the runner.
 *
 * <p>Why not two plain actors: the mutants these tests must catch corrupt the slot indices, and
 * then a thread waits for ever on a slot's sequence. In the other modes jcstress cannot recover
 * from that (its resource-check pass has no timeout, and the run hangs); in Termination mode a
 * stuck actor is STALE. Why rounds: one race per sample (a few thousand per fork) does not hit a
 * window of a few nanoseconds, so each sample runs {@link #ROUNDS} races on fresh state, each side
 * starting after a random spin of 0 to {@link #MAX_SKEW} {@code onSpinWait}s to sweep the offset.
 *
 * <p>In round i the actor sets the round up, releases the helper, runs its side, waits for the
 * helper's side, and checks. A stuck operation on either side leaves the actor waiting: STALE. A
 * failed check throws from the actor: ERROR. A helper whose actor stopped gives up after a second.
 */
abstract class Race {
    static final int ROUNDS = 20;
    static final int MAX_SKEW = 16;

    final StartingGun gun = new StartingGun();
    private volatile int released = -1; // the round the actor has set up; publishes setUp()
    private volatile int helperDone = -1; // the round the helper has finished; publishes its results

    /** Actor thread, before each round: fresh state. */
    abstract void setUp();

    abstract void helperSide();

    abstract void actorSide();

    /** Actor thread, after both sides; throws (Waiters.check) on a violation. */
    abstract void check();

    /** The actor's body. */
    final void run() {
        Thread helper = new Thread(this::helperRounds, "racer");
        helper.setDaemon(true); // a mutant may leave it waiting for good
        helper.start();
        gun.await();
        for (int round = 0; round < ROUNDS; round++) {
            setUp();
            released = round;
            skew();
            actorSide();
            for (int spins = 0; helperDone < round; spins++) {
                backOff(spins); // a helper stuck in the buffer leaves the actor here: STALE
            }
            check();
        }
        Waiters.joinUninterruptibly(helper);
    }

    private void helperRounds() {
        gun.await();
        for (int round = 0; round < ROUNDS; round++) {
            long deadline = System.nanoTime() + 1_000_000_000L;
            for (int spins = 0; released < round; spins++) {
                if (System.nanoTime() - deadline > 0) {
                    return; // the actor failed a check or is stuck: leave it to the runner
                }
                backOff(spins);
            }
            skew();
            helperSide();
            helperDone = round;
        }
    }

    private static void skew() {
        for (int i = ThreadLocalRandom.current().nextInt(MAX_SKEW + 1); i > 0; i--) {
            Thread.onSpinWait();
        }
    }

    /**
     * On a loaded machine with few CPUs the other side may be descheduled: spinning without a
     * yield can starve it, and the JDK baseline then goes STALE (jcstress gives up after 30 s)
     * with 100 rounds per sample. Hence the yield, and 20.
     */
    private static void backOff(int spins) {
        Thread.onSpinWait();
        if (spins > 1_000) {
            Thread.yield();
        }
    }
}
