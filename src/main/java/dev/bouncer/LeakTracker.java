package dev.bouncer;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A semaphore's leak detector: which of its handles are tracked, the records of those held now,
 * and the report and give-back for one found unreachable. A semaphore has one only when its
 * {@link LeakDetection} is not disabled.
 */
final class LeakTracker {
    /*
     * Implementation notes (the long form is docs/permits.md, section 6).
     *
     * State. `holders`, a concurrent set of Records; one Record per tracked handle, made and
     * registered with the shared Cleaner before the grant. The Record is the Cleaner's action and
     * refers to the semaphore, never to the handle. Its action runs at most once (Cleaner's
     * contract): from the thread that ends the handle (close after the release, or a failed
     * acquire) through Cleanable.clean(), or from the Cleaner's thread once the handle is phantom
     * reachable.
     *
     *   track(n):          r = new Record(thread, time, n, stacks ? new AcquisitionSite() : null)
     *                      h = new TrackedPermit(semaphore, n, r)
     *                      (in h's constructor) h.cleanable = CLEANER.register(h, r)
     *                      holders.add(r)
     *   after the grant:   r.granted = true                          // listed from now on
     *   close (winner):    release(n); r.ended = true; h.cleanable.clean(); fence(h)
     *   failed acquire:    r.ended = true; h.cleanable.clean(); fence(h)
     *   action r.run():    holders.remove(r); if (!r.ended && r.granted) { give back if asked; report }
     *
     * Invariants.
     *   PM-I4  A tracked handle's permits are given back once at most, by its close or by the
     *       leak action, never both, and the leak action gives back only permits that were
     *       granted and not released by a close: the action runs at most once; a close or a
     *       failed acquire sets `ended` before it runs the action itself, and keeps the handle
     *       reachable (reachabilityFence) until then, so the Cleaner cannot run it first.
     *   PM-I5  Tracking never keeps a handle reachable: nothing the detector holds (the set, the
     *       Record, the Cleaner) refers to it except the Cleaner's phantom reference.
     *   PM-I6  A disabled semaphore has no tracker: nothing is recorded, no thread is started,
     *       and a handle is a plain SemaphorePermit.
     *
     * Happens-before edges.
     *   PM-E2  A Record's fields are final, except `ended` and `granted`, which are volatile:
     *       permitHolders() reads `granted` after the acquiring thread's write, so a listed
     *       handle was granted; the action reads `ended` in the thread that wrote it, or never
     *       sees it written.
     *   PM-E3  A give-back is a release(n) on the Cleaner's thread: SEM-E1 orders that thread's
     *       actions before the next acquirer's. Nothing orders the leaking thread's last writes
     *       before it; code that leaked cannot rely on them being seen.
     *
     * Progress. Untracked handles are as in SemaphorePermit. track() takes the Cleaner's lock
     * (Cleaner.register) and a ConcurrentHashMap bin's (add), each for a list or bin update; a
     * close of a tracked handle takes both once more (clean, remove). None is held while waiting
     * for permits, and the give-back's release is lock-free.
     */

    /** Where leak reports go; the Flight Recorder event has the same name. */
    private static final System.Logger LOGGER = System.getLogger(LeakDetection.LOGGER_NAME);

    /**
     * Whether leaks are also written as Flight Recorder events ({@link PermitLeakEvent}): true when
     * the jdk.jfr module is in the runtime and this module reads it, and cleared for good if the
     * event fails to initialize. Only the Cleaner's thread reads and writes it.
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
    /** The Records of tracked handles that have not ended; a Record leaves it in its action. */
    private final Set<Record> holders = ConcurrentHashMap.newKeySet();

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
        Thread thread = Thread.currentThread();
        Record record = new Record(this, semaphore, n, thread.getName(), thread.getId(),
                System.currentTimeMillis(), // millis: a third of Instant.now()'s cost
                recordsStacks ? new AcquisitionSite() : null); // the stack: most of a tracked handle's cost
        TrackedPermit permit = new TrackedPermit(semaphore, n, record); // checks n, then registers
        try {
            holders.add(record);
        } catch (Throwable e) {
            permit.acquireEnded(false); // PM-I4: nothing granted yet
            throw e;
        }
        return permit;
    }

    /** The records of granted, unclosed handles, as PermitHolders. */
    List<PermitHolder> holders() {
        List<PermitHolder> list = new ArrayList<>();
        for (Record record : holders) {
            if (record.granted) { // PM-E2: a volatile read after the acquirer's write
                list.add(new PermitHolder(record.threadName, record.threadId, record.acquiredAt(),
                        record.permits, record.site == null ? List.of() : trimmed(record.site.getStackTrace())));
            }
        }
        return List.copyOf(list);
    }

    /** How many records are kept: tracked handles being acquired or held, not yet ended. */
    int recordCount() {
        return holders.size();
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

    /** Runs on the Cleaner's thread for a handle that was found unreachable while it held permits. */
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
     * What the detector keeps of one tracked handle, and the Cleaner's action for it. Identity
     * equality, so that the set holds each record once.
     */
    static final class Record implements Runnable {
        private final LeakTracker tracker;
        /** Whom to give back to; the handle itself is never referred to (PM-I5). */
        final Semaphore semaphore;
        final int permits;
        final String threadName;
        final long threadId;
        /** When the acquire began, in milliseconds since the epoch. */
        final long acquiredAtMillis;
        /** The acquiring call's stack, or null when the setting records no stacks. */
        final AcquisitionSite site;
        /** Set after the grant, never cleared; permitHolders() lists only granted records (PM-E2). */
        volatile boolean granted;
        /** Set when a close released or the acquire failed, before this action runs (PM-I4). */
        volatile boolean ended;

        Record(LeakTracker tracker, Semaphore semaphore, int permits, String threadName, long threadId,
                long acquiredAtMillis, AcquisitionSite site) {
            this.tracker = tracker;
            this.semaphore = semaphore;
            this.permits = permits;
            this.threadName = threadName;
            this.threadId = threadId;
            this.acquiredAtMillis = acquiredAtMillis;
            this.site = site;
        }

        Instant acquiredAt() {
            return Instant.ofEpochMilli(acquiredAtMillis);
        }

        /** Runs once: from close or a failed acquire (ended), or from the Cleaner (a leak). */
        @Override
        public void run() {
            tracker.holders.remove(this);
            if (!ended && granted) { // PM-I4: a handle that never got its permits gives nothing back
                try {
                    tracker.leaked(this);
                } catch (Throwable dropped) {
                    // a logger that throws must not stop the Cleaner's thread; the release stands
                }
            }
        }
    }

    /** A handle of a tracker: a SemaphorePermit whose close and failed acquire end its record. */
    static final class TrackedPermit extends SemaphorePermit {
        private final Record record;
        /** The registration of this handle with the Cleaner; final, so any thread that has the handle sees it. */
        private final Cleaner.Cleanable cleanable;

        TrackedPermit(Semaphore semaphore, int permits, Record record) {
            super(semaphore, permits);
            this.record = record;
            this.cleanable = Cleaners.CLEANER.register(this, record); // PM-I5: a phantom reference
        }

        @Override
        void acquireEnded(boolean granted) {
            if (granted) {
                record.granted = true; // PM-E2: a volatile write; cannot throw (PM-I2)
            } else {
                end(); // PM-I4: nothing was granted; the action just forgets the record
            }
        }

        @Override
        public void close() {
            if (closeOnce()) { // PM-I1: this call released
                end();
            }
        }

        /** Runs the record's action here, with `ended` set, so that no leak is reported (PM-I4). */
        private void end() {
            try {
                record.ended = true;
                cleanable.clean();
            } finally {
                Reference.reachabilityFence(this); // PM-I4: not phantom reachable before clean()
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
     * The one Cleaner of all trackers, made on first use, so that a program that never enables
     * leak detection starts no thread (PM-I6). Its thread is a daemon platform thread with no
     * context class loader, which ends by itself once the Cleaner is unreachable (this class
     * unloaded) and every handle registered with it has been cleaned.
     */
    private static final class Cleaners {
        static final Cleaner CLEANER = Cleaner.create(task -> {
            Thread thread = new Thread(task, "bouncer-permit-leak-detector");
            thread.setDaemon(true);
            thread.setContextClassLoader(null);
            return thread;
        });
    }
}
