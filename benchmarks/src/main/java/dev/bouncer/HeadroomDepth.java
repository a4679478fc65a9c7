package dev.bouncer;

/**
 * Question: how deep does {@link StackHeadroom#ensure} make the JVM check the stack, and what does
 * a call cost? Answered against a yardstick: a reservation by plain recursion, sixteen
 * recursive frames of eight live {@code long}s each, kept here as {@link #yardstick}.
 *
 * <p>Depth. A thread with a fixed stack recurses {@code d} frames of {@link #descendThenCall} and
 * then calls the reservation; a binary search finds the largest {@code d} at which it does not
 * throw {@code StackOverflowError}. The same search with a plain call gives the baseline, and the
 * difference is the reservation's reach, in probe frames. This checks the mode the JVM runs in:
 * run it plainly (C2), with {@code -XX:TieredStopAtLevel=1} (C1) and with {@code -Xint}
 * (interpreter). It exits with status 1 if the reservation reaches less deep than the yardstick,
 * which is what {@code benchmarks/run smoke} checks in all three modes.
 *
 * <p>Cost ({@code --cost}): the best of eight rounds of two million calls, in ns per call, for the
 * reservation, the yardstick and an empty call. A loop timing, not JMH: it ranks two ways of doing
 * one thing on the machine that runs it, and docs/engine.md gives the JMH figures that matter, those of the
 * buffer.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.bouncer.HeadroomDepth [--cost]}.
 * It lives in package {@code dev.bouncer} because {@code StackHeadroom} is package-private.
 */
public final class HeadroomDepth {
    /** The stack of each measuring thread: small, so a search takes milliseconds. */
    private static final int STACK_BYTES = 512 * 1024;
    /** Rounds of searches that only warm the JIT up, so that the probe frames keep one size. */
    private static final int WARMUP_ROUNDS = 3;
    /** Rounds measured; the smallest reach counts. */
    private static final int ROUNDS = 3;

    private static volatile long sink;

    private HeadroomDepth() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("--cost")) {
            System.out.printf("ns per call: StackHeadroom.ensure %.1f, yardstick %.1f, empty call %.1f%n",
                    nanosPerCall(StackHeadroom::ensure), nanosPerCall(HeadroomDepth::yardstick),
                    nanosPerCall(() -> sink++));
        }
        int ensureReach = Integer.MAX_VALUE;
        int yardstickReach = Integer.MAX_VALUE;
        for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
            int plain = deepestPassing(() -> sink++);
            int ensure = plain - deepestPassing(StackHeadroom::ensure);
            int yard = plain - deepestPassing(HeadroomDepth::yardstick);
            if (round >= WARMUP_ROUNDS) {
                ensureReach = Math.min(ensureReach, ensure);
                yardstickReach = Math.min(yardstickReach, yard);
            }
        }
        boolean ok = ensureReach >= yardstickReach;
        System.out.printf("HeadroomDepth (%s): StackHeadroom.ensure reaches %d probe frames below its"
                + " caller, the yardstick %d: %s%n", mode(), ensureReach, yardstickReach,
                ok ? "OK" : "FAILED, the reservation is shallower than the yardstick");
        if (!ok) {
            System.exit(1);
        }
    }

    /** The yardstick reservation: sixteen recursive frames, each with eight live {@code long}s. */
    static void yardstick() {
        if (descend(16, System.identityHashCode(Thread.currentThread())) == 0x5EED_5EED_5EEDL) {
            Thread.onSpinWait(); // never taken in practice; keeps the result alive for the JIT
        }
    }

    private static long descend(int frames, long seed) {
        long a = seed * 0x9E37_79B9_7F4A_7C15L + 1;
        long b = a ^ (a >>> 29);
        long c = b * 31 + a;
        long d = c ^ (b << 7);
        long e = d + c;
        long f = e ^ (d >>> 11);
        long g = f * 17 + e;
        long h = g ^ (f << 5);
        long below = frames == 0 ? 0L : descend(frames - 1, h);
        return below + a + b + c + d + e + f + g + h;
    }

    /** The largest recursion depth at which {@code step} still runs without overflowing. */
    private static int deepestPassing(Runnable step) throws InterruptedException {
        int[] deepest = new int[1];
        Thread thread = new Thread(null, () -> {
            int low = 0;
            int high = 1 << 20;
            while (low < high) {
                int mid = (low + high + 1) >>> 1;
                boolean passed;
                try {
                    passed = descendThenCall(mid, step);
                } catch (StackOverflowError e) {
                    passed = false; // the descent itself did not fit
                }
                if (passed) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            deepest[0] = low;
        }, "headroom-depth", STACK_BYTES);
        thread.start();
        thread.join();
        return deepest[0];
    }

    private static boolean descendThenCall(int depth, Runnable step) {
        if (depth > 0) {
            return descendThenCall(depth - 1, step);
        }
        try {
            step.run();
            return true;
        } catch (StackOverflowError e) {
            return false;
        }
    }

    private static double nanosPerCall(Runnable call) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 8; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < 2_000_000; i++) {
                call.run();
            }
            best = Math.min(best, (System.nanoTime() - start) / 2e6);
        }
        return best;
    }

    private static String mode() {
        String flags = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .stream().filter(a -> a.equals("-Xint") || a.startsWith("-XX:TieredStopAtLevel"))
                .reduce((a, b) -> a + " " + b).orElse("default JIT");
        return "JDK " + System.getProperty("java.specification.version") + ", " + flags;
    }
}
