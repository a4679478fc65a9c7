package dev.bouncer;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A semaphore's leak detector: which of its handles are tracked, the records of those held now,
 * and the report and give-back for one found unreachable. A semaphore has one only when its
 * {@link LeakDetection} is not disabled.
 */
final class LeakTracker {
    /*
     * Implementation notes (the long form is docs/permits.md, section 6).
     *
     * State. RECORDS, one concurrent set for all trackers; one Record per tracked handle, made
     * with the handle and added before the grant. A Record is a PhantomReference to its handle,
     * registered with the shared queue, and refers to the semaphore, never to the handle itself.
     * Whoever removes a Record from RECORDS owns its end: the thread that ends the handle (a close
     * after the release, or a failed acquire), or the detector's thread once the queue hands it
     * the Record of a handle found phantom reachable.
     *
     *   track(n):          h = new TrackedPermit(semaphore, n, ...)    // its constructor: r = new Record(h, QUEUE, ...)
     *                      RECORDS.add(r); Detector.ensureRunning()
     *   after the grant:   r.granted = true                            // listed from now on
     *   close (winner):    release(n); RECORDS.remove(r); fence(h)
     *   failed acquire:    RECORDS.remove(r); fence(h)
     *   detector:          r = QUEUE.remove(); if (RECORDS.remove(r) && r.granted) { give back if asked; report }
     *
     * A removed Record is unreachable from everything but its own handle, so the collector never
     * enqueues it: nothing needs clearing, and the queue only ever hands over leaked handles'
     * Records (and, rarely, one whose end is still running; its removal then fails).
     *
     * Invariants.
     *   PM-I4  A tracked handle's permits are given back once at most, by its close or by the
     *       detector, never both, and the detector gives back only permits that were granted and
     *       not released by a close: set removal succeeds for one caller only; a close or a failed
     *       acquire removes the Record while it keeps the handle reachable (reachabilityFence),
     *       so the handle cannot be found unreachable, and its Record enqueued, before then.
     *   PM-I5  Tracking never keeps a handle reachable: nothing the detector holds (the set, the
     *       Record, the queue) refers to it except the Record's phantom referent.
     *   PM-I6  A disabled semaphore has no tracker: nothing is recorded, no thread is started,
     *       and a handle is a plain SemaphorePermit.
     *   PM-I7  While RECORDS is not empty, a detector thread runs: it exits only after it cleared
     *       `running` and then still found the set empty, and track() reads `running` after its
     *       add. Both are volatile accesses (the set's count and the flag), so one of the two
     *       sees the other's write: the detector stays, or track() starts a new one.
     *
     * Happens-before edges.
     *   PM-E2  A Record's fields are final, except `granted`, which is volatile:
     *       permitHolders() reads `granted` after the acquiring thread's write, so a listed
     *       handle was granted. The detector reads it after dequeuing the Record, and the
     *       acquiring thread's write precedes a reachabilityFence on the handle: by java.lang.ref's
     *       memory consistency rules, that fence happens-before the collector clears the Record,
     *       which happens-before it is enqueued, which happens-before it is dequeued.
     *   PM-E3  A give-back is a release(n) on the detector's thread: SEM-E1 orders that thread's
     *       actions before the next acquirer's. Nothing orders the leaking thread's last writes
     *       before it; code that leaked cannot rely on them being seen.
     *
     * Progress. Untracked handles are as in SemaphorePermit. track() adds to a ConcurrentHashMap
     * (a CAS into an empty bin, else the bin's lock) and a close removes (the bin's lock), each
     * for a bin update; none is held while waiting for permits, and the give-back's release is
     * lock-free.
     */

    /** Where leak reports go; the Flight Recorder event has the same name. */
    private static final System.Logger LOGGER = System.getLogger(LeakDetection.LOGGER_NAME);

    /**
     * Whether leaks are also written as Flight Recorder events ({@link PermitLeakEvent}): true when
     * the jdk.jfr module is in the runtime and this module reads it, and cleared for good if the
     * event fails to initialize. Only the detector's thread reads and writes it.
     */
    private static boolean leakEvents = ModuleLayer.boot().findModule("jdk.jfr")
            .map(LeakTracker.class.getModule()::canRead)
            .orElse(false);

    /**
     * A handle is tracked when an unsigned 32-bit random number falls below this: 2^32 / interval,
     * so one in {@code interval} on average, and every handle when the interval is 1. A compare, not
     * a bounded nextInt (a division), because every untracked handle of a sampling tracker pays it.
     */
    private final long sampleBelow;
    private final boolean givesBack;
    private final boolean recordsStacks;
    /**
     * The Records of all trackers' handles that have not ended; removing one is the claim to end
     * it (PM-I4). One set for all, so that the detector's thread can tell when none is left (PM-I7).
     */
    private static final Set<Record> RECORDS = ConcurrentHashMap.newKeySet();
    /** Where the collector puts the Records of handles found phantom reachable. */
    private static final ReferenceQueue<TrackedPermit> QUEUE = new ReferenceQueue<>();

    private LeakTracker(LeakDetection setting) {
        this.sampleBelow = (1L << 32) / setting.samplingInterval();
        this.givesBack = setting.givesBack();
        this.recordsStacks = setting.recordsStacks();
    }

    /** A tracker for a semaphore, or null for the disabled setting (PM-I6). */
    static LeakTracker of(LeakDetection setting) {
        if (setting.level() == LeakDetection.Level.DISABLED) {
            return null;
        }
        return new LeakTracker(setting);
    }

    /** Whether the handle about to be made is one of the tracked ones. */
    boolean sample() {
        return Integer.toUnsignedLong(ThreadLocalRandom.current().nextInt()) < sampleBelow;
    }

    /**
     * A tracked handle on n permits that the caller is about to ask for (PM-I2): recorded and
     * registered now, before the grant, so that nothing that can fail is left for after it.
     */
    SemaphorePermit track(Semaphore semaphore, int n) {
        TrackedPermit permit = new TrackedPermit(this, semaphore, n, // checks n, then makes its Record
                recordsStacks ? new AcquisitionSite() : null); // the stack: most of a tracked handle's cost
        try {
            RECORDS.add(permit.record);
            Detector.ensureRunning(); // PM-I7: after the add
        } catch (Throwable e) {
            permit.acquireEnded(false); // PM-I4: nothing granted yet
            throw e;
        }
        return permit;
    }

    /** The records of granted, unclosed handles, as PermitHolders. */
    List<PermitHolder> holders() {
        List<PermitHolder> list = new ArrayList<>();
        for (Record record : RECORDS) {
            if (record.tracker == this && record.granted) { // PM-E2: a volatile read after the acquirer's write
                list.add(new PermitHolder(record.threadName, record.threadId, record.acquiredAt(),
                        record.permits, record.site == null ? List.of() : trimmed(record.site.getStackTrace())));
            }
        }
        return List.copyOf(list);
    }

    /** How many records are kept: tracked handles being acquired or held, not yet ended. */
    int recordCount() {
        int count = 0;
        for (Record record : RECORDS) {
            if (record.tracker == this) {
                count++;
            }
        }
        return count;
    }

    /** The stack below the library: from the first frame, after the leading ones of this package's acquire path. */
    private static List<StackTraceElement> trimmed(StackTraceElement[] stack) {
        int first = 0;
        while (first < stack.length - 1 && ACQUIRE_PATH.contains(stack[first].getClassName())) {
            first++;
        }
        return Arrays.asList(stack).subList(first, stack.length);
    }

    /** The classes whose frames lie between an acquiring call and the capture of its stack. */
    private static final Set<String> ACQUIRE_PATH = Set.of(LeakTracker.class.getName(),
            Semaphore.class.getName(), PermitSource.class.getName(), BoundedSemaphore.class.getName(),
            BinarySemaphore.class.getName());

    /** Runs on the detector's thread for a handle that was found unreachable while it held permits. */
    private void leaked(Record record) {
        Semaphore semaphore = record.semaphore;
        String outcome;
        boolean givenBack = false;
        if (!givesBack) {
            outcome = "the permits are lost";
        } else {
            try {
                semaphore.release(record.permits); // PM-I4: once; PM-E3; the bound applies (BS-I1)
                givenBack = true;
                outcome = "the permits were given back";
            } catch (RuntimeException | Error refused) {
                outcome = "giving the permits back failed, nothing was released: " + refused;
            }
        }
        String name;
        try {
            name = String.valueOf(semaphore);
        } catch (RuntimeException e) {
            name = semaphore.getClass().getName() + '@' + Integer.toHexString(System.identityHashCode(semaphore));
        }
        StackTraceElement[] stack = new StackTraceElement[0];
        if (record.site != null) {
            stack = trimmed(record.site.getStackTrace()).toArray(StackTraceElement[]::new);
            record.site.setStackTrace(stack);
        }
        if (leakEvents) {
            try {
                PermitLeakEvent.commit(semaphore, record.permits, record.threadName, record.threadId,
                        record.acquiredAtMillis, givenBack, stack);
            } catch (LinkageError unusable) {
                leakEvents = false; // the event could not be initialized: no events from now on
            } catch (RuntimeException dropped) {
                // only the event is lost; the report below is still logged
            }
        }
        LOGGER.log(System.Logger.Level.ERROR, "LEAK: a Permit of " + name + " holding " + record.permits
                + (record.permits == 1 ? " permit" : " permits") + " became unreachable without being closed; "
                + "acquired by thread \"" + record.threadName + "\" (id " + record.threadId + ") at "
                + record.acquiredAt() + "; " + outcome + ". Close every Permit, for example with "
                + "try-with-resources. " + (record.site != null ? "The stack trace shows where it was acquired."
                        : "To record where permits are acquired, set -D" + LeakDetection.STACKS_PROPERTY
                                + "=true or use a LeakDetection setting withStacks()."), record.site);
    }

    /**
     * What the detector keeps of one tracked handle: a phantom reference to it, with the
     * acquisition's thread, time, permits and stack. Identity equality, so that the set holds each
     * record once; the hash is drawn at random, which costs less than an identity hash.
     */
    static final class Record extends PhantomReference<TrackedPermit> {
        final LeakTracker tracker;
        /** Whom to give back to; the handle itself is only the referent (PM-I5). */
        final Semaphore semaphore;
        final int permits;
        final String threadName;
        final long threadId;
        /** When the acquire began, in milliseconds since the epoch; to within about a second without a stack. */
        final long acquiredAtMillis;
        /** The acquiring call's stack, or null when the setting records no stacks. */
        final AcquisitionSite site;
        private final int hash = ThreadLocalRandom.current().nextInt();
        /** Set after the grant, never cleared; only granted records are listed or reported (PM-E2). */
        volatile boolean granted;

        @SuppressWarnings("deprecation") // Thread.threadId() is from JDK 19; the library runs on 17
        Record(TrackedPermit permit, LeakTracker tracker, Semaphore semaphore, int permits, AcquisitionSite site) {
            super(permit, QUEUE);
            Thread thread = Thread.currentThread();
            this.tracker = tracker;
            this.semaphore = semaphore;
            this.permits = permits;
            this.threadName = thread.getName();
            this.threadId = thread.getId();
            // Without a stack the record costs little, and the system clock is most of it, so the
            // detector's clock, to within about a second, is taken; with a stack the exact time.
            this.acquiredAtMillis = site == null ? Detector.coarseMillis() : System.currentTimeMillis();
            this.site = site;
        }

        Instant acquiredAt() {
            return Instant.ofEpochMilli(acquiredAtMillis);
        }

        @Override
        public int hashCode() {
            return hash; // equals stays Reference's (Object's): identity
        }
    }

    /** A handle of a tracker: a SemaphorePermit whose close and failed acquire end its record. */
    static final class TrackedPermit extends SemaphorePermit {
        /** Final, so any thread that has the handle sees it. */
        final Record record;

        TrackedPermit(LeakTracker tracker, Semaphore semaphore, int permits, AcquisitionSite site) {
            super(semaphore, permits);
            this.record = new Record(this, tracker, semaphore, permits, site); // PM-I5: a phantom reference
        }

        @Override
        void acquireEnded(boolean granted) {
            if (granted) {
                record.granted = true; // PM-E2: a volatile write; cannot throw (PM-I2)
                Reference.reachabilityFence(this); // PM-E2: the write happens-before the Record's clearing
            } else {
                end(); // PM-I4: nothing was granted; the record is just forgotten
            }
        }

        @Override
        public void close() {
            if (closeOnce()) { // PM-I1: this call released
                end();
            }
        }

        /** Claims the record, so that the detector never reports this handle (PM-I4). */
        private void end() {
            try {
                RECORDS.remove(record);
            } finally {
                Reference.reachabilityFence(this); // PM-I4: not phantom reachable before the removal
            }
        }
    }

    /** The stack of an acquiring call; the throwable of a leak report. */
    static final class AcquisitionSite extends Throwable {
        private static final long serialVersionUID = 1L;

        AcquisitionSite() {
            super("the leaked permits were acquired here", null, false, true);
        }
    }

    /**
     * The detector's thread: one for all trackers, started by the first tracked handle, so that a
     * program that never enables leak detection starts no thread (PM-I6). It is a daemon platform
     * thread with no context class loader, and it ends once no tracked handle has been outstanding
     * for {@link #IDLE_MILLIS}, so that it does not pin a class loader that is done with the
     * library; the next tracked handle starts another (PM-I7).
     *
     * <p>While it runs it also keeps a clock, {@link #coarseMillis()}, refreshed about once every
     * {@link #TICK_MILLIS}: a tracked handle without a stack takes its time from it, because
     * {@code System.currentTimeMillis()} cost more than the rest of such a handle's record when
     * called one handle in 100.
     */
    static final class Detector implements Runnable {
        static final long IDLE_MILLIS = 5_000;
        static final long TICK_MILLIS = 1_000;
        static final String THREAD_NAME = "bouncer-permit-leak-detector";
        /** Whether a detector thread runs, or is about to; set by a CAS, so one at a time (PM-I7). */
        private static final AtomicBoolean RUNNING = new AtomicBoolean();
        /**
         * The detector's clock: milliseconds since the epoch when it last woke, or 0 when no
         * detector keeps it (none has started, or the last one is ending). Written only by the
         * detector's thread. Volatile only so that readers see a recent value: nothing else is
         * ordered by it.
         */
        private static volatile long clock;

        /**
         * Milliseconds since the epoch, to within about {@link #TICK_MILLIS} while a detector runs
         * and is not kept from running; exact when none keeps the clock.
         */
        static long coarseMillis() {
            long millis = clock;
            return millis != 0 ? millis : System.currentTimeMillis();
        }

        /** Starts a thread unless one runs: called after every add to RECORDS (PM-I7). */
        static void ensureRunning() {
            if (!RUNNING.get() && RUNNING.compareAndSet(false, true)) {
                // No inherited thread-locals: the thread must not keep the first tracking thread's
                // values (and their class loaders) alive for as long as it runs.
                Thread thread = new Thread(null, new Detector(), THREAD_NAME, 0, false);
                thread.setDaemon(true);
                thread.setContextClassLoader(null);
                try {
                    thread.start();
                } catch (Throwable e) {
                    RUNNING.set(false); // the next tracked handle tries again
                    throw e;
                }
            }
        }

        @Override
        public void run() {
            long idleSince = 0; // when RECORDS was first seen empty in a row of empty ticks; 0 if not
            while (true) {
                long now = System.currentTimeMillis();
                clock = now;
                Reference<? extends TrackedPermit> collected;
                try {
                    collected = QUEUE.remove(TICK_MILLIS);
                } catch (InterruptedException e) {
                    collected = null; // nobody but the runtime interrupts this thread; look at the set again
                }
                if (collected != null) {
                    Record record = (Record) collected;
                    if (RECORDS.remove(record) && record.granted) { // PM-I4: the claim; PM-E2
                        try {
                            record.tracker.leaked(record);
                        } catch (Throwable dropped) {
                            // a logger that throws must not stop the detector; the release stands
                        }
                    }
                } else if (!RECORDS.isEmpty()) {
                    idleSince = 0;
                } else if (idleSince == 0) {
                    idleSince = now;
                } else if (now - idleSince >= IDLE_MILLIS) {
                    clock = 0; // from now on coarseMillis() reads the system clock
                    RUNNING.set(false); // PM-I7: clear, then look once more
                    if (RECORDS.isEmpty() || !RUNNING.compareAndSet(false, true)) {
                        return; // none left, or a tracked handle started another thread
                    }
                    idleSince = 0;
                }
            }
        }
    }
}
