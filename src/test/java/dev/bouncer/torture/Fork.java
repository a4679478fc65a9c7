package dev.bouncer.torture;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM forked with the test class path, for a fault that needs a JVM of its own (a tiny heap, a
 * chosen compiler), and what it printed. The output goes to a file, so a fork that fills a pipe
 * cannot block; a fork that does not finish in time is killed and reported as such.
 *
 * @param exited whether it finished within the timeout
 * @param exitValue its exit code, or -1 if it was killed
 * @param output everything it printed, stdout and stderr together
 */
record Fork(boolean exited, int exitValue, String output) {

    static Fork run(Path outputFile, long timeoutSeconds, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Process fork = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(outputFile.toFile())
                .start();
        boolean exited = fork.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!exited) {
            fork.destroyForcibly().waitFor();
        }
        String output = Files.readString(outputFile, StandardCharsets.UTF_8);
        System.out.print(output);
        return new Fork(exited, exited ? fork.exitValue() : -1, output);
    }
}
