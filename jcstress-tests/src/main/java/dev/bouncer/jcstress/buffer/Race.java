package dev.bouncer.jcstress.buffer;

import dev.bouncer.jcstress.semaphore.StartingGun;
import dev.bouncer.jcstress.semaphore.Waiters;

/**
 * Two buffer operations racing inside one {@code Mode.Termination} actor: one on a helper thread,
 * one on the actor's own thread, both released by the {@code @Signal}'s starting gun.
 *
 * <p>Why not two plain actors: the mutants these tests must catch corrupt the slot indices, and
 * then a thread waits for ever on a slot's sequence. In the other modes jcstress cannot recover
 * from that (its resource-check pass has no timeout, and the run hangs); in Termination mode a
 * stuck actor is STALE. So both racing operations run under the actor, which joins the helper
 * before it checks the result, and the signal only fires the gun, so it can never block the
 * runner. The price is far fewer samples (one race each) than a 2-actor test gets.
 */
final class Race {
    private Race() {
    }

    /** Runs {@code helperSide} and {@code actorSide} at once when the gun fires; returns after both. */
    static void run(StartingGun gun, Runnable helperSide, Runnable actorSide) {
        Thread helper = new Thread(() -> {
            gun.await();
            helperSide.run();
        }, "racer");
        helper.setDaemon(true); // a mutant may leave it waiting for good
        helper.start();
        gun.await();
        actorSide.run();
        Waiters.joinUninterruptibly(helper);
    }
}
