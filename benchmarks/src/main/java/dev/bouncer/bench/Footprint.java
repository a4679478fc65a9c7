package dev.bouncer.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.openjdk.jol.info.GraphLayout;

/**
 * Question: how many bytes of heap does one instance of each primitive hold, fresh and after
 * threads have waited on it, compared with the JDK class it replaces?
 *
 * <p>Not a JMH benchmark: a deterministic count by JOL of every object reachable from the instance
 * ({@code GraphLayout.parseInstance(x).totalSize()}). "After contention" means a thread has really
 * parked in the queue (so lazily created queues and their dummy nodes exist) and a short burst of
 * contended acquires has passed; the measurement is taken once every thread has left.
 *
 * <p>Run: {@code java -Djdk.attach.allowAttachSelf -cp benchmarks/target/benchmarks.jar
 * dev.bouncer.bench.Footprint [--json FILE]}; on JDK 25 add
 * {@code -XX:+EnableDynamicAgentLoading --sun-misc-unsafe-memory-access=allow}.
 *
 * <p>Target: bouncer's bytes at most 0.6x the JDK's. A new primitive is one more
 * {@link Primitive} constant: its bouncer candidate, its JDK candidates, and how to contend on it.
 */
public final class Footprint {

    /** The primitives compared; each names the bouncer class and the JDK classes it replaces. */
    enum Primitive {
        SEMAPHORE("Semaphore(1)",
                new Candidate<>("BOUNCER", "dev.bouncer.Semaphore",
                        () -> new dev.bouncer.Semaphore(1),
                        s -> contendAsLock(s::acquire, s::release, s::hasQueuedThreads)),
                List.of(new Candidate<>("JDK", "java.util.concurrent.Semaphore",
                        () -> new java.util.concurrent.Semaphore(1),
                        s -> contendAsLock(s::acquire, s::release, s::hasQueuedThreads)))),
        FAIR_SEMAPHORE("Semaphore(1, fair)",
                new Candidate<>("BOUNCER", "dev.bouncer.Semaphore",
                        () -> new dev.bouncer.Semaphore(1, true),
                        s -> contendAsLock(s::acquire, s::release, s::hasQueuedThreads)),
                List.of(new Candidate<>("JDK", "java.util.concurrent.Semaphore",
                        () -> new java.util.concurrent.Semaphore(1, true),
                        s -> contendAsLock(s::acquire, s::release, s::hasQueuedThreads)))),
        MUTEX("Mutex",
                new Candidate<>("BOUNCER", "dev.bouncer.Mutex",
                        () -> new dev.bouncer.Mutex(),
                        m -> contendAsLock(m::lock, m::unlock, m::hasQueuedThreads)),
                List.of(new Candidate<>("JDK", "java.util.concurrent.locks.ReentrantLock",
                        () -> new ReentrantLock(),
                        m -> contendAsLock(m::lock, m::unlock, m::hasQueuedThreads)))),
        FAIR_MUTEX("Mutex(fair)",
                new Candidate<>("BOUNCER", "dev.bouncer.Mutex",
                        () -> new dev.bouncer.Mutex(true),
                        m -> contendAsLock(m::lock, m::unlock, m::hasQueuedThreads)),
                List.of(new Candidate<>("JDK", "java.util.concurrent.locks.ReentrantLock",
                        () -> new ReentrantLock(true),
                        m -> contendAsLock(m::lock, m::unlock, m::hasQueuedThreads)))),
        BOUNDED_BUFFER("BoundedBuffer(1024)",
                new Candidate<>("BOUNCER", "dev.bouncer.BoundedBuffer",
                        () -> new dev.bouncer.BoundedBuffer<Object>(BUFFER_CAPACITY),
                        Footprint::contendAsBuffer),
                List.of(new Candidate<>("ABQ", "java.util.concurrent.ArrayBlockingQueue",
                                () -> new ArrayBlockingQueue<Object>(BUFFER_CAPACITY),
                                Footprint::contendAsBuffer),
                        new Candidate<>("LBQ", "java.util.concurrent.LinkedBlockingQueue",
                                () -> new LinkedBlockingQueue<Object>(BUFFER_CAPACITY),
                                Footprint::contendAsBuffer)));

        final String label;
        final Candidate<?> bouncer;
        final List<Candidate<?>> jdk;

        Primitive(String label, Candidate<?> bouncer, List<Candidate<?>> jdk) {
            this.label = label;
            this.bouncer = bouncer;
            this.jdk = jdk;
        }

        List<Candidate<?>> candidates() {
            List<Candidate<?>> all = new ArrayList<>();
            all.add(bouncer);
            all.addAll(jdk);
            return all;
        }
    }

    /** The two states an instance is measured in. */
    enum State {
        FRESH("fresh"),
        AFTER_CONTENTION("after contention");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    /** One implementation: how to create it and how to make threads wait on it. */
    static final class Candidate<T> {
        final String impl;
        final String className;
        final Supplier<T> create;
        final Contention<T> contend;

        Candidate(String impl, String className, Supplier<T> create, Contention<T> contend) {
            this.impl = impl;
            this.className = className;
            this.create = create;
            this.contend = contend;
        }

        /** The instance in the given state, ready to be measured. */
        Object instanceIn(State state) throws InterruptedException {
            T instance = create.get();
            if (state == State.AFTER_CONTENTION) {
                contend.on(instance);
            }
            return instance;
        }
    }

    @FunctionalInterface
    interface Contention<T> {
        void on(T instance) throws InterruptedException;
    }

    @FunctionalInterface
    interface Acquire {
        void run() throws InterruptedException;
    }

    /** A measured row. */
    record Row(Primitive primitive, State state, Candidate<?> candidate, long bytes, long objects) {
    }

    /**
     * Makes a thread really wait on a one-permit primitive, then lets four threads take it in turn
     * a few thousand times, and returns when they have all finished.
     */
    static void contendAsLock(Acquire acquire, Runnable release, BooleanSupplier hasQueuedThreads)
            throws InterruptedException {
        acquire.run();
        Thread waiter = new Thread(() -> acquireReleaseTimes(acquire, release, 1));
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!hasQueuedThreads.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the waiter never queued");
            }
            Thread.onSpinWait();
        }
        release.run();
        waiter.join();
        List<Thread> storm = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            storm.add(new Thread(() -> acquireReleaseTimes(acquire, release, 5_000)));
        }
        storm.forEach(Thread::start);
        for (Thread t : storm) {
            t.join();
        }
    }

    /** The capacity of the buffers compared. */
    static final int BUFFER_CAPACITY = 1024;

    /** The one element every producer inserts, so that no element is counted more than once. */
    private static final Object ELEMENT = new Object();

    /**
     * Makes a consumer really wait on an empty queue and a producer really wait on a full one,
     * then lets two producers and two consumers move a few thousand elements through it, and
     * returns when they have all finished and the queue is empty again.
     */
    static void contendAsBuffer(BlockingQueue<Object> queue) throws InterruptedException {
        Thread consumer = new Thread(() -> takeTimes(queue, 1));
        consumer.start();
        awaitWaiting(consumer);
        queue.put(ELEMENT);
        consumer.join();
        while (queue.remainingCapacity() > 0) {
            queue.put(ELEMENT);
        }
        Thread producer = new Thread(() -> putTimes(queue, 1));
        producer.start();
        awaitWaiting(producer);
        queue.take();
        producer.join();
        while (queue.poll() != null) {
            // drain what the fill left behind
        }
        List<Thread> storm = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            storm.add(new Thread(() -> putTimes(queue, 5_000)));
            storm.add(new Thread(() -> takeTimes(queue, 5_000)));
        }
        storm.forEach(Thread::start);
        for (Thread t : storm) {
            t.join();
        }
        if (!queue.isEmpty()) {
            throw new IllegalStateException("the storm left " + queue.size() + " elements");
        }
    }

    /** Returns once the thread is parked ({@code WAITING} or {@code TIMED_WAITING}). */
    private static void awaitWaiting(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(thread + " never parked; it is " + state);
            }
            Thread.onSpinWait();
        }
    }

    private static void putTimes(BlockingQueue<Object> queue, int times) {
        try {
            for (int i = 0; i < times; i++) {
                queue.put(ELEMENT);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void takeTimes(BlockingQueue<Object> queue, int times) {
        try {
            for (int i = 0; i < times; i++) {
                queue.take();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void acquireReleaseTimes(Acquire acquire, Runnable release, int times) {
        try {
            for (int i = 0; i < times; i++) {
                acquire.run();
                release.run();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Row> measureAll() throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        for (Primitive primitive : Primitive.values()) {
            for (State state : State.values()) {
                for (Candidate<?> candidate : primitive.candidates()) {
                    GraphLayout graph = GraphLayout.parseInstance(candidate.instanceIn(state));
                    rows.add(new Row(primitive, state, candidate, graph.totalSize(),
                            graph.totalCount()));
                }
            }
        }
        return rows;
    }

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        String format = "%-20s %-17s %-8s %-42s %7s %8s %14s%n";
        out.append(String.format(Locale.ROOT, format,
                "primitive", "state", "impl", "class", "bytes", "objects", "bouncer/this"));
        for (Row row : rows) {
            long bouncerBytes = bouncerBytes(rows, row);
            out.append(String.format(Locale.ROOT, format, row.primitive().label,
                    row.state().label, row.candidate().impl, row.candidate().className,
                    row.bytes(), row.objects(),
                    String.format(Locale.ROOT, "%.2f", (double) bouncerBytes / row.bytes())));
        }
        return out.toString();
    }

    private static long bouncerBytes(List<Row> rows, Row row) {
        for (Row other : rows) {
            if (other.primitive() == row.primitive() && other.state() == row.state()
                    && other.candidate() == row.primitive().bouncer) {
                return other.bytes();
            }
        }
        throw new IllegalStateException("no bouncer row for " + row);
    }

    static String json(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("{\n  \"jdk\": \"").append(Runtime.version()).append("\",\n");
        out.append("  \"vm\": \"").append(System.getProperty("java.vm.name")).append("\",\n");
        out.append("  \"rows\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            out.append(String.format(Locale.ROOT,
                    "    {\"primitive\": \"%s\", \"state\": \"%s\", \"impl\": \"%s\", "
                            + "\"class\": \"%s\", \"bytes\": %d, \"objects\": %d}%s%n",
                    row.primitive().label, row.state().label, row.candidate().impl,
                    row.candidate().className, row.bytes(), row.objects(),
                    i + 1 < rows.size() ? "," : ""));
        }
        out.append("  ]\n}\n");
        return out.toString();
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Path jsonFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json") && i + 1 < args.length) {
                jsonFile = Path.of(args[++i]);
            } else {
                System.err.println("usage: Footprint [--json FILE]");
                System.exit(2);
            }
        }
        List<Row> rows = measureAll();
        System.out.println("Footprint on " + System.getProperty("java.vm.name") + " "
                + Runtime.version() + " (bytes reachable from one instance, by JOL)");
        System.out.print(table(rows));
        if (jsonFile != null) {
            Files.writeString(jsonFile, json(rows), StandardCharsets.UTF_8);
        }
    }

    private Footprint() {
    }
}
