package dev.bouncer.lincheck;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/** Hand-written Lincheck scenarios, for histories that random generation should not leave to chance. */
final class Scenarios {
    private Scenarios() {
    }

    /** Threads that start together, each running its operations in order; nothing before or after. */
    static ExecutionScenario parallel(List<List<Actor>> threads) {
        return new ExecutionScenario(List.of(), threads, List.of(), null);
    }

    /** The threads start together; when all have finished, {@code post} runs alone. */
    static ExecutionScenario parallelThen(List<List<Actor>> threads, List<Actor> post) {
        return new ExecutionScenario(List.of(), threads, post, null);
    }

    /** {@code init} runs first, alone; then the threads start together. */
    static ExecutionScenario afterInit(List<Actor> init, List<List<Actor>> threads) {
        return new ExecutionScenario(init, threads, List.of(), null);
    }

    /** One call of the public method {@code name} of {@code type} that takes {@code arguments.length} parameters. */
    static Actor actor(Class<?> type, String name, Object... arguments) {
        Method method = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == arguments.length)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type.getSimpleName() + " has no " + name));
        return new Actor(method, List.of(arguments));
    }
}
