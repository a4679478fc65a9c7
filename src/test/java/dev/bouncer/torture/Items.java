package dev.bouncer.torture;

import java.util.List;

/**
 * Unique item ids and the ledger that proves every item was consumed exactly once: the count and a
 * checksum of mixed ids must match between what was produced and what was consumed. A lost item
 * and a duplicated one change both the count and the checksum; two errors that cancel in the count
 * almost never cancel in the checksum too.
 */
final class Items {
    /** Ids are positive, so a negative value can serve as a poison pill. */
    static final long POISON = -1L;

    private Items() {
    }

    /** A unique positive id: the producer in the high bits, its own sequence number below. */
    static long id(int producer, long sequence) {
        return ((long) producer << 40) | sequence;
    }

    static int producer(long id) {
        return (int) (id >>> 40);
    }

    static long sequence(long id) {
        return id & ((1L << 40) - 1);
    }

    /** A 64-bit finalizer (from SplitMix64's published constants), so ids add up unpredictably. */
    static long mix(long id) {
        long z = id * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Produced and consumed counts and checksums; one per worker, summed after the join. */
    static final class Ledger {
        private long producedCount;
        private long producedSum;
        private long consumedCount;
        private long consumedSum;

        void produced(long id) {
            producedCount++;
            producedSum += mix(id);
        }

        void consumed(long id) {
            consumedCount++;
            consumedSum += mix(id);
        }

        long producedCount() {
            return producedCount;
        }

        static Ledger sum(List<Torture.Counters> counters) {
            Ledger total = new Ledger();
            for (Torture.Counters c : counters) {
                total.producedCount += c.items.producedCount;
                total.producedSum += c.items.producedSum;
                total.consumedCount += c.items.consumedCount;
                total.consumedSum += c.items.consumedSum;
            }
            return total;
        }

        void checkBalanced(Report report, String where) {
            report.check(producedCount == consumedCount && producedSum == consumedSum,
                    where + ": items not consumed exactly once: produced " + producedCount
                            + " (checksum " + Long.toHexString(producedSum) + "), consumed "
                            + consumedCount + " (checksum " + Long.toHexString(consumedSum) + ")");
        }
    }
}
