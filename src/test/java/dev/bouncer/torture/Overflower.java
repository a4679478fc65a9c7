package dev.bouncer.torture;

import dev.bouncer.support.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread with a small stack that recurses until it overflows, round after round, doing one
 * operation on a primitive in every frame, while helper threads keep using the same primitive: the
 * rig of the stack-overflow tests ({@code StackOverflowTest} for semaphores,
 * {@code StackOverflowLockAndBufferTest} for the mutex and the buffer). A subclass says what a
 * frame does ({@link #step}) and how a round gives back what it still holds ({@link #endRound});
 * {@link #drive} runs it and reports.
 *
 * <p>What a subclass records inside {@link #step} must not need a call after the operation
 * returned (use plain fields and array stores): a call there could overflow after the primitive
 * did its work, and the test would then blame the primitive for its own lost record.
 */
abstract class Overflower implements Runnable {
    /** The overflowing thread's stack size: small, so a round takes a few thousand frames. */
    static final int STACK_BYTES = 256 * 1024;

    private final int rounds;
    volatile boolean done;
    volatile int roundsDone;
    int overflows;
    int insidePrimitive;
    /** Where this round's overflow struck ({@link #strikePoint}); for a subclass's reports. */
    String lastStrike;
    final Map<String, Integer> where = new TreeMap<>();
    private long seed = 0x2545F4914F6CDD1DL;

    Overflower(int rounds) {
        this.rounds = rounds;
    }

    /** One frame's operation; {@code choice} is uniform in [0, 8). */
    abstract void step(int choice) throws InterruptedException;

    /** After each round, at a shallow depth: check and give back what the round still holds. */
    abstract void endRound();

    @Override
    public final void run() {
        for (int round = 0; round < rounds; round++) {
            lastStrike = null;
            try {
                frame();
            } catch (StackOverflowError e) {
                overflows++;
                record(e);
            }
            endRound();
            roundsDone = round + 1;
        }
    }

    private void frame() {
        seed ^= seed << 13; // xorshift inline: no call that could overflow outside the primitive
        seed ^= seed >>> 7;
        seed ^= seed << 17;
        try {
            step((int) (seed & 7));
        } catch (InterruptedException e) {
            throw new AssertionError(e); // nobody interrupts this thread
        }
        frame();
    }

    private void record(StackOverflowError e) {
        StackTraceElement[] stack = e.getStackTrace();
        lastStrike = strikePoint(stack);
        where.merge(lastStrike, 1, Integer::sum);
        for (int i = 0; i < Math.min(stack.length, 4); i++) {
            String name = stack[i].getClassName();
            if (!name.startsWith("dev.bouncer.torture.") && !name.startsWith("java.lang.Thread")) {
                insidePrimitive++;
                return;
            }
        }
    }

    /**
     * The class the overflow struck in; for a strike in StackHeadroom, also the two primitive methods
     * below it ({@code StackHeadroom<Mutex.release<Mutex.unlock}), so a report shows which guard
     * fired and for what; for a strike in a primitive's own code, the method and line
     * ({@code Mutex.releaseReserved:417}), so a failure report shows where the unguarded step was.
     */
    static String strikePoint(StackTraceElement[] stack) {
        if (stack.length == 0) {
            return "?";
        }
        String top = simpleName(stack[0]);
        if (!top.equals("StackHeadroom")) {
            return stack[0].getClassName().startsWith("dev.bouncer.torture.") ? top
                    : top + "." + stack[0].getMethodName() + ":" + stack[0].getLineNumber();
        }
        StringBuilder point = new StringBuilder(top);
        int callers = 0;
        for (int i = 1; i < stack.length && callers < 2; i++) {
            String name = simpleName(stack[i]);
            if (!name.equals("StackHeadroom") && !name.endsWith("Test") && !name.endsWith("Overflower")) {
                point.append('<').append(name).append('.').append(stack[i].getMethodName());
                callers++;
            }
        }
        return point.toString();
    }

    private static String simpleName(StackTraceElement frame) {
        String name = frame.getClassName();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** What a run did; {@link #assertRanAndNothingStuck} checks the part every primitive shares. */
    record Result(int rounds, int overflows, int insidePrimitive, Map<String, Integer> where, long helperOps,
            boolean overflowerStuck, String overflowerDump, List<Thread> helpersStuck, String helpersDump,
            boolean helpersProceed) {

        String summary() {
            return "rounds=" + rounds + " overflows=" + overflows + " where=" + where + " helperOps=" + helperOps
                    + " overflowerStuck=" + overflowerStuck + " helpersStuck=" + helpersStuck.size();
        }

        /**
         * Every round overflowed and no thread got stuck; and, where the JVM keeps the primitive's
         * methods as calls of their own ({@link #REQUIRE_INSIDE}), some overflows struck inside it.
         */
        void assertRanAndNothingStuck(int expectedRounds, String state) {
            org.assertj.core.api.Assertions.assertThat(overflowerStuck)
                    .as("overflowing thread stuck (%s):%n%s", state, overflowerDump).isFalse();
            org.assertj.core.api.Assertions.assertThat(helpersStuck)
                    .as("helpers stuck after the overflows (%s):%n%s", state, helpersDump).isEmpty();
            org.assertj.core.api.Assertions.assertThat(helpersProceed)
                    .as("helpers kept going after the overflows").isTrue();
            org.assertj.core.api.Assertions.assertThat(overflows).as("every round overflowed")
                    .isEqualTo(expectedRounds);
            if (REQUIRE_INSIDE) {
                org.assertj.core.api.Assertions.assertThat(insidePrimitive)
                        .as("overflows that struck inside the primitive").isPositive();
            }
        }
    }

    /**
     * Whether some overflows must strike inside the primitive: set by the surefire execution
     * {@code stack-overflow-uninlined} (pom.xml), which runs these tests with no bouncer method
     * inlined, so that each of the primitive's methods checks the stack at its own entry. Where the
     * JIT compiler inlines a primitive into the test's frame, that frame's entry checks the stack
     * for the whole inlined primitive, StackHeadroom's reservation included, and the overflow
     * strikes there, before the primitive is entered: correct, but then no overflow need strike
     * inside it.
     */
    static final boolean REQUIRE_INSIDE = Boolean.getBoolean("bouncer.soe.requireInside");

    /** How long without progress counts as stuck. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * Starts the helpers (each repeats its step until the overflower is done), runs the overflower
     * on a thread with a {@link #STACK_BYTES} stack, and waits. Stuck means no progress for 10 s,
     * with no limit on the total: the overflower is stuck if no round finished for 10 s; then the
     * helpers must make 1000 more steps, and are stuck if they make none for 10 s; then they must
     * stop within 10 s.
     */
    static Result drive(Overflower overflower, List<Runnable> helperSteps) {
        AtomicLong helperOps = new AtomicLong();
        List<Thread> helpers = new ArrayList<>();
        for (int i = 0; i < helperSteps.size(); i++) {
            Runnable step = helperSteps.get(i);
            helpers.add(Threads.start("helper-" + i, false, () -> {
                while (!overflower.done) {
                    step.run();
                    helperOps.incrementAndGet();
                }
            }));
        }
        Thread thread = new Thread(null, overflower, "overflower", STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        Threads.awaitProgress(() -> thread.isAlive() ? overflower.roundsDone : Long.MAX_VALUE, Long.MAX_VALUE,
                STALL_NANOS);
        boolean overflowerStuck = thread.isAlive();
        String overflowerDump = Threads.dump(overflowerStuck ? List.of(thread) : List.of(), 1);
        long opsAfterRounds = helperOps.get();
        boolean helpersProceed = Threads.awaitProgress(helperOps::get, opsAfterRounds + 1000, STALL_NANOS);
        overflower.done = true;
        List<Thread> stuck = Threads.joinAll(helpers, System.nanoTime() + STALL_NANOS);
        return new Result(overflower.roundsDone, overflower.overflows, overflower.insidePrimitive,
                overflower.where, helperOps.get(), overflowerStuck, overflowerDump, stuck, Threads.dump(stuck, 3),
                helpersProceed);
    }
}
