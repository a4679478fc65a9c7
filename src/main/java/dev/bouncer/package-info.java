/**
 * CAS-based concurrency primitives that share one wait queue.
 *
 * <h2>The public types</h2>
 *
 * <ul>
 *   <li>{@link dev.bouncer.Semaphore}: a counting semaphore, a source-compatible drop-in for
 *       {@link java.util.concurrent.Semaphore}.
 *   <li>{@link dev.bouncer.BoundedSemaphore}: a semaphore whose available permits never exceed a
 *       fixed maximum, so that an over-release throws at the release that caused it.
 *   <li>{@link dev.bouncer.BinarySemaphore}: a bounded semaphore with a maximum of one permit.
 *   <li>{@link dev.bouncer.Mutex}: an ownership-checked, non-reentrant
 *       {@link java.util.concurrent.locks.Lock} with conditions.
 *   <li>{@link dev.bouncer.BoundedBuffer}: a bounded {@link java.util.concurrent.BlockingQueue}
 *       gated by two semaphores.
 *   <li>{@link dev.bouncer.PermitSource} and {@link dev.bouncer.Permit}: permits as
 *       {@link java.lang.AutoCloseable} handles that release exactly once.
 *   <li>{@link dev.bouncer.LeakDetection} and {@link dev.bouncer.PermitHolder}: the leak detector of
 *       permit handles (off by default) and its listing of who holds tracked handles.
 *   <li>{@link dev.bouncer.SemaphoreClosedException}: what an acquire of a closed semaphore throws.
 *   <li>{@link dev.bouncer.MutexCondition}: the mutex's condition, public so that thread dumps
 *       name it; {@link dev.bouncer.Mutex#newCondition()} makes it.
 * </ul>
 *
 * <p>Everything else in the package is package-private: {@code QueuedSynchronizer}, the wait
 * queue that every primitive parks on; {@code Padded}, the buffer's padded gates;
 * {@code SemaphorePermit}, the semaphore's permit handle; {@code LeakTracker}, the leak detector
 * that tracks some of those handles; {@code PermitLeakEvent}, its Flight Recorder event;
 * {@code WaitEvent}, the Flight Recorder event of waits; and {@code StackHeadroom}, the stack
 * reservation. No thread parks on any of them: a
 * waiting thread's blocker is always one of the public classes above.
 *
 * <p>The rest of this page states the conventions that the source follows. It is for readers of
 * the code; nothing here is part of the API contract.
 *
 * <h2>Invariant and edge IDs</h2>
 *
 * <p>Each class has an implementation-notes comment at the top of its body that numbers its
 * invariants and its happens-before edges. An ID is a component prefix, then {@code I} for an
 * invariant or {@code E} for an edge, then a number: {@code QS-I5}, {@code SEM-E1}. Numbers run
 * from 1, without gaps, in the order of the definitions in the component's design page. The
 * same ID is used in code comments, tests, litmus tests, mutant descriptions and the docs. Each
 * ID is defined once, in the design page of its component, and cited everywhere else:
 *
 * <table>
 *   <caption>Where each prefix's IDs are defined</caption>
 *   <tr><th>Prefix</th><th>Component</th><th>Defined in</th></tr>
 *   <tr><td>{@code QS-}</td><td>{@code QueuedSynchronizer}, the engine</td>
 *       <td>{@code docs/engine.md}</td></tr>
 *   <tr><td>{@code SEM-}</td><td>{@code Semaphore}</td><td>{@code docs/semaphore.md}</td></tr>
 *   <tr><td>{@code BS-}</td><td>{@code BoundedSemaphore} and {@code BinarySemaphore}</td>
 *       <td>{@code docs/buffer.md}</td></tr>
 *   <tr><td>{@code MX-}</td><td>{@code Mutex} and {@code MutexCondition}</td>
 *       <td>{@code docs/mutex.md}</td></tr>
 *   <tr><td>{@code BB-}</td><td>{@code BoundedBuffer} and {@code Padded}</td>
 *       <td>{@code docs/buffer.md}</td></tr>
 *   <tr><td>{@code PM-}</td><td>{@code Permit} handles ({@code SemaphorePermit}; PM-I4 to PM-I6,
 *       PM-E2 and PM-E3 are the leak detector's, {@code LeakTracker})</td>
 *       <td>{@code docs/permits.md}</td></tr>
 *   <tr><td>{@code ZK-}</td><td>the {@code bouncer-zookeeper} module's {@code ZooKeeperSemaphore}
 *       and {@code ZooKeeperPermit}</td><td>{@code docs/distributed.md}</td></tr>
 * </table>
 *
 * <p>{@code docs/verification.md} maps each ID to the tests that check it.
 *
 * <h2>Memory accesses</h2>
 *
 * <ul>
 *   <li>Shared mutable fields are {@code volatile}, and a plain read or assignment of such a field
 *       is a volatile access. Volatile access and the strong compare-and-set are the default.
 *   <li>A field that is not {@code volatile} says why it needs no ordering: the mutex's condition
 *       list is touched only by the mutex holder (MX-I4), and the owner thread, inherited from
 *       {@link java.util.concurrent.locks.AbstractOwnableSynchronizer}, is written only by the
 *       holder (MX-I2).
 *   <li>Any other access goes through a {@link java.lang.invoke.VarHandle}: one
 *       {@code private static final} handle per field, named after the field in capitals
 *       ({@code PERMITS}, {@code STATE}, {@code TAIL}; for an array, {@code SEQUENCES},
 *       {@code ELEMENTS}), declared at the bottom of its class.
 *   <li>Helpers are named after the field and the access mode: {@code casPermits},
 *       {@code casState}, {@code casTail} and {@code casNext} are strong compare-and-sets;
 *       {@code getSequenceAcquire} and {@code setSequenceRelease} are acquire and release
 *       accesses. A name with no mode, such as {@code claim}, says what the access does, and its
 *       comment says how ({@code getAndAdd}). No helper hides a weak compare-and-set; the code
 *       uses none, nor opaque or plain accesses through a handle.
 *   <li>Every atomic access (a compare-and-set, a {@code getAndAdd}, an acquire or release access)
 *       names in a trailing comment the invariant or edge it serves, as in
 *       {@code casPermits(current, current + n) // SEM-E1 release side}. An access weaker than
 *       volatile is there only because that edge makes it safe, and a test checks it
 *       ({@code docs/verification.md} says which).
 * </ul>
 *
 * <h2>The stack rule</h2>
 *
 * <p>Once a thread has appended a node to the wait queue, or has given back permits that a parked
 * thread waits for, it must finish the step: cancel its node, or wake the next waiter. A
 * {@link StackOverflowError} in between would leave a node that nobody will try for, or lose a
 * wakeup, and the queue would stop for good. So code on the wait path calls
 * {@code StackHeadroom.ensure()} just before such a step, while nothing has changed yet. It makes
 * the JVM check there that the stack has room for frames well below the deepest the step will
 * use: if it has not, the error is thrown before the change; otherwise the step that follows has
 * the stack it needs. It is a margin, not a proof, since the JVM has no way to reserve stack; the
 * margin is measured by {@code HeadroomDepth} in {@code benchmarks/}. It is paid on slow paths
 * only: before a thread queues, before a release whose first waiter may be parked, in a
 * condition's signal before the transfer, and once per buffer operation before its grant. A step
 * that runs after its reservation does not reserve again (the {@code releaseReserved} and
 * {@code giveBackReserved} forms), so that no second, deeper check can fail half-way. The
 * invariants are QS-I8 for the engine and BB-I9 for the buffer.
 */
package dev.bouncer;
