package dev.bouncer.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * Question: is each of {@code BoundedBuffer}'s hot words still alone on its cache line on this JVM?
 *
 * <p>Not a benchmark: a check of the field layout that {@code dev.bouncer.Padded} relies on, read
 * with JOL ({@code ClassLayout.parseClass}). The padding is a measured performance gain
 * (docs/performance.md, "Padding the buffer's hot words"); it rests on HotSpot placing a
 * superclass's fields before its subclass's, which no specification promises. So this checks,
 * on the JVM that runs it:
 * <ul>
 *   <li>the buffer's {@code spaces} and {@code items} are {@code Padded.Gate}s;</li>
 *   <li>a gate's two hot words, the semaphore's {@code permits} and the gate's {@code claims},
 *       share one cache line: they lie within {@value #LINE} bytes of each other;</li>
 *   <li>the later of the two has at least {@value #LINE} bytes of its own object after it, so two
 *       gates' hot words are more than a cache line apart.</li>
 * </ul>
 * Prints one line per check and exits with status 1 if any fails. {@code benchmarks/run smoke}
 * (CI) and {@code benchmarks/run report} run it.
 *
 * <p>Run: {@code java -Djdk.attach.allowAttachSelf -cp benchmarks/target/benchmarks.jar
 * dev.bouncer.bench.PaddingLayout}; on JDK 25 add
 * {@code -XX:+EnableDynamicAgentLoading --sun-misc-unsafe-memory-access=allow}.
 */
public final class PaddingLayout {

    /** A cache line on x86 and most ARM cores. */
    static final int LINE = 64;

    private PaddingLayout() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        Class<?> buffer = Class.forName("dev.bouncer.BoundedBuffer");
        Class<?> gate = Class.forName("dev.bouncer.Padded$Gate");
        List<String> failures = new ArrayList<>();

        for (String field : List.of("spaces", "items")) {
            check(failures, "BoundedBuffer." + field + " is a Padded.Gate",
                    buffer.getDeclaredField(field).getType() == gate);
        }

        ClassLayout gateLayout = ClassLayout.parseClass(gate);
        FieldLayout permits = field(gateLayout, "permits");
        FieldLayout claims = field(gateLayout, "claims");
        long first = Math.min(permits.offset(), claims.offset());
        long end = Math.max(permits.offset() + permits.size(), claims.offset() + claims.size());
        check(failures, "Padded.Gate.permits at offset " + permits.offset() + ", claims at "
                + claims.offset() + ": within " + (end - first) + " bytes (need at most " + LINE
                + ")", end - first <= LINE);
        long gateAfter = gateLayout.instanceSize() - end;
        check(failures, "Padded.Gate of " + gateLayout.instanceSize() + " bytes: " + gateAfter
                + " bytes after its hot words (need " + LINE + ")", gateAfter >= LINE);

        if (!failures.isEmpty()) {
            System.out.println("padding layout: " + failures.size() + " check(s) FAILED: "
                    + String.join("; ", failures));
            System.exit(1);
        }
        System.out.println("padding layout: every hot word of BoundedBuffer is alone on its line");
    }

    private static FieldLayout field(ClassLayout layout, String name) {
        for (FieldLayout f : layout.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalStateException("no field " + name + " in " + layout);
    }

    private static void check(List<String> failures, String what, boolean ok) {
        System.out.println((ok ? "  ok      " : "  FAILED  ") + what);
        if (!ok) {
            failures.add(what);
        }
    }
}
