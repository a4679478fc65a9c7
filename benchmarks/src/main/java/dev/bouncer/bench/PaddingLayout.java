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
 *   <li>the buffer's {@code putIndex} and {@code takeIndex} are {@code Padded.Counter}s and its
 *       {@code spaces} and {@code items} are {@code Padded.Gate}s;</li>
 *   <li>a counter's {@code value} has at least {@value #LINE_GUARD} bytes of its own object on each
 *       side, after the object header;</li>
 *   <li>a gate's {@code permits} has at least {@value #LINE} bytes of its own object after it, so
 *       two gates' counts are more than a cache line apart.</li>
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
    /** Bytes a counter's value needs on each side: a line less the value itself. */
    static final int LINE_GUARD = LINE - Long.BYTES;

    private PaddingLayout() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        Class<?> buffer = Class.forName("dev.bouncer.BoundedBuffer");
        Class<?> counter = Class.forName("dev.bouncer.Padded$Counter");
        Class<?> gate = Class.forName("dev.bouncer.Padded$Gate");
        List<String> failures = new ArrayList<>();

        for (String field : List.of("putIndex", "takeIndex")) {
            check(failures, "BoundedBuffer." + field + " is a Padded.Counter",
                    buffer.getDeclaredField(field).getType() == counter);
        }
        for (String field : List.of("spaces", "items")) {
            check(failures, "BoundedBuffer." + field + " is a Padded.Gate",
                    buffer.getDeclaredField(field).getType() == gate);
        }

        ClassLayout counterLayout = ClassLayout.parseClass(counter);
        FieldLayout value = field(counterLayout, "value");
        long before = value.offset() - counterLayout.headerSize();
        long after = counterLayout.instanceSize() - (value.offset() + value.size());
        check(failures, "Padded.Counter.value at offset " + value.offset() + " of "
                + counterLayout.instanceSize() + ": " + before + " bytes before it, " + after
                + " after (need " + LINE_GUARD + " each)",
                before >= LINE_GUARD && after >= LINE_GUARD);

        ClassLayout gateLayout = ClassLayout.parseClass(gate);
        FieldLayout permits = field(gateLayout, "permits");
        long gateAfter = gateLayout.instanceSize() - (permits.offset() + permits.size());
        check(failures, "Padded.Gate.permits at offset " + permits.offset() + " of "
                + gateLayout.instanceSize() + ": " + gateAfter + " bytes after it (need " + LINE
                + ")", gateAfter >= LINE);

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
