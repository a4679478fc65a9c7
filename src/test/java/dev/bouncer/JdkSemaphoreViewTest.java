package dev.bouncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bouncer.support.Attempt;
import dev.bouncer.support.Await;
import dev.bouncer.support.SemaphoreTwin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Semaphore#asJdkSemaphore()}: a JDK-typed view whose every overridable method is ours. */
class JdkSemaphoreViewTest {

    /** Every public or protected method a subclass of the JDK class can override is overridden. */
    @Test
    void viewOverridesEveryOverridableJdkMethod() throws NoSuchMethodException {
        int overridable = 0;
        for (Method jdk : java.util.concurrent.Semaphore.class.getDeclaredMethods()) {
            int modifiers = jdk.getModifiers();
            if ((modifiers & (Modifier.PUBLIC | Modifier.PROTECTED)) == 0 || jdk.isSynthetic()
                    || Modifier.isStatic(modifiers)) {
                continue;
            }
            if (Modifier.isFinal(modifiers)) {
                assertThat(jdk.getName()).as("the only final methods, documented as not passed on")
                        .isIn("hasQueuedThreads", "getQueueLength");
                continue;
            }
            Method ours = JdkSemaphoreView.class.getDeclaredMethod(jdk.getName(), jdk.getParameterTypes());
            assertThat(ours.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED))
                    .as("visibility of %s", jdk).isEqualTo(modifiers & (Modifier.PUBLIC | Modifier.PROTECTED));
            overridable++;
        }
        assertThat(overridable).isEqualTo(16);
    }

    @Test
    void permitsTakenAndGivenThroughTheViewAreTheSemaphores() throws InterruptedException {
        Semaphore semaphore = new Semaphore(10);
        JdkSemaphoreView view = (JdkSemaphoreView) semaphore.asJdkSemaphore();
        view.acquire();
        view.acquire(2);
        view.acquireUninterruptibly();
        view.acquireUninterruptibly(2);
        assertThat(view.tryAcquire()).isTrue();
        assertThat(view.tryAcquire(2)).isTrue();
        assertThat(semaphore.availablePermits()).isEqualTo(1);
        assertThat(view.tryAcquire(0, TimeUnit.SECONDS)).isTrue();
        assertThat(view.tryAcquire(1, 0, TimeUnit.SECONDS)).isFalse();
        assertThat(view.availablePermits()).isZero();

        view.release();
        view.release(3);
        assertThat(semaphore.availablePermits()).isEqualTo(4);
        view.reducePermits(1);
        assertThat(semaphore.availablePermits()).isEqualTo(3);
        assertThat(view.drainPermits()).isEqualTo(3);
        assertThat(semaphore.availablePermits()).isZero();
        assertThat(view.availablePermits()).isZero();

        assertThatThrownBy(() -> view.acquire(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> view.release(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "fair={0}")
    @ValueSource(booleans = {false, true})
    void fairnessAndToStringAreTheSemaphores(boolean fair) {
        Semaphore semaphore = new Semaphore(3, fair);
        java.util.concurrent.Semaphore view = semaphore.asJdkSemaphore();
        assertThat(view.isFair()).isEqualTo(fair);
        assertThat(view.toString()).isEqualTo(semaphore.toString());
    }

    /** A waiter through the view waits in our queue, parked on our semaphore; our release wakes it. */
    @Test
    void waitingThroughTheViewWaitsInTheSemaphoresQueue() throws InterruptedException {
        SemaphoreTwin.Bouncer semaphore = new SemaphoreTwin.Bouncer(0, true);
        JdkSemaphoreView view = (JdkSemaphoreView) semaphore.asJdkSemaphore();
        Attempt waiter = Await.parkedIn(semaphore, "waiter", () -> view.acquire(2));
        assertThat(LockSupport.getBlocker(waiter.thread())).isSameAs(semaphore);
        assertThat(view.getQueuedThreads()).containsExactly(waiter.thread());
        assertThat(semaphore.getQueueLength()).isEqualTo(1);
        // documented: the JDK's final queue queries cannot be passed on
        assertThat(view.hasQueuedThreads()).isFalse();
        assertThat(view.getQueueLength()).isZero();

        semaphore.release(2);
        waiter.awaitResult();
        assertThat(semaphore.availablePermits()).isZero();
    }

    @Test
    void interruptAndTimeoutThroughTheViewTakeNothing() throws InterruptedException {
        SemaphoreTwin.Bouncer semaphore = new SemaphoreTwin.Bouncer(1, false);
        java.util.concurrent.Semaphore view = semaphore.asJdkSemaphore();
        Attempt blocked = Await.parkedIn(semaphore, "blocked", () -> view.acquire(2));
        blocked.interrupt();
        assertThat(blocked.awaitThrown()).isInstanceOf(InterruptedException.class);
        assertThat(view.tryAcquire(2, 10, TimeUnit.MILLISECONDS)).isFalse();
        Await.queued(semaphore, 0);
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    @Test
    void boundedSemaphoreViewKeepsTheBound() {
        BoundedSemaphore semaphore = new BoundedSemaphore(1, 1);
        java.util.concurrent.Semaphore view = semaphore.asJdkSemaphore();
        assertThatThrownBy(view::release).isInstanceOf(IllegalStateException.class);
        assertThat(view.tryAcquire()).isTrue();
        view.release();
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    @Test
    void viewSerializesWithItsSemaphore() throws Exception {
        Semaphore semaphore = new Semaphore(7, true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(semaphore.asJdkSemaphore());
        }
        Object copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }
        JdkSemaphoreView view = (JdkSemaphoreView) copy;
        assertThat(view.availablePermits()).isEqualTo(7);
        assertThat(view.isFair()).isTrue();
        assertThat(view.tryAcquire(7)).isTrue();
        assertThat(view.semaphore().availablePermits()).isZero();
        assertThat(semaphore.availablePermits()).as("the original is untouched").isEqualTo(7);
    }
}
