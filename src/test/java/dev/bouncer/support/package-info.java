/**
 * What the tests share: the twins every scenario runs against, and the helpers that start, wait
 * for and check threads.
 *
 * <h2>Twins</h2>
 * Each primitive family has one enum whose values make the bouncer class ({@code BOUNCER}) and the
 * JDK class it stands in for ({@code JDK}):
 * <ul>
 *   <li>{@link dev.bouncer.support.SemaphoreTwin}: {@code dev.bouncer.Semaphore} and
 *       {@code java.util.concurrent.Semaphore}, driven through
 *       {@link dev.bouncer.support.SemaphoreLike}; the bounded members, which have no JDK class,
 *       through {@code bounded}, {@code binary} and {@link dev.bouncer.support.JdkBoundedSemaphore};
 *   <li>{@link dev.bouncer.support.LockTwin}: {@code Mutex} and {@code ReentrantLock}, driven
 *       through {@link dev.bouncer.support.LockLike};
 *   <li>{@link dev.bouncer.support.QueueTwin}: {@code BoundedBuffer} and
 *       {@code ArrayBlockingQueue}, driven through {@code BlockingQueue}.
 * </ul>
 * A scenario is written once and takes its twin as a parameter: {@link dev.bouncer.support.Variant}
 * (a semaphore twin and a fairness, as a JUnit {@code @EnumSource}) for the semaphore tests, the
 * constructor of {@code LockContractTest} and {@code BlockingQueueContract} for the contracts, and
 * {@link dev.bouncer.support.Subjects} (each twin under the name the soak takes) for the torture
 * and fault tests. The JDK run proves the test right; the bouncer run is what the test is for.
 *
 * <p>The twins reach the two package-private hooks they read through {@code dev.bouncer.Internals};
 * tests that need more of the package's internals stay in {@code dev.bouncer}.
 */
package dev.bouncer.support;
