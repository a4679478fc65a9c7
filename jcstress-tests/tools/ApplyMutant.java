import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one mutant file to a copy of the library sources. Run with the source launcher:
 * {@code java ApplyMutant.java <mutant file> <source root>}.
 *
 * <p>A mutant file has header lines ({@code file:}, {@code tests:}, {@code arch:}, {@code survivor:},
 * {@code ci:}, {@code #} comments; only {@code file:} matters here, tools/mutants.sh
 * reads the rest) and one or more edits:
 *
 * <pre>
 * &lt;&lt;&lt;&lt; find
 * exact text, one or more lines
 * ==== replace
 * the text that replaces it
 * &gt;&gt;&gt;&gt;
 * </pre>
 *
 * Each find text must occur exactly once in the file, so a mutant whose target has been edited
 * away fails loudly instead of silently testing the unmutated code. Exits 2 on any such failure.
 */
public final class ApplyMutant {
    private record Edit(String find, String replace) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            fail("usage: java ApplyMutant.java <mutant file> <source root>");
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        String file = null;
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.startsWith("file:")) {
                file = line.substring("file:".length()).trim();
                i++;
            } else if (line.equals("<<<< find")) {
                StringBuilder find = new StringBuilder();
                StringBuilder replace = new StringBuilder();
                i++;
                while (i < lines.size() && !lines.get(i).equals("==== replace")) {
                    find.append(lines.get(i++)).append('\n');
                }
                i++;
                while (i < lines.size() && !lines.get(i).equals(">>>>")) {
                    replace.append(lines.get(i++)).append('\n');
                }
                if (i >= lines.size()) {
                    fail(args[0] + ": an edit is not closed with >>>>");
                }
                i++;
                edits.add(new Edit(find.toString(), replace.toString()));
            } else {
                i++; // header line or comment
            }
        }
        if (file == null || edits.isEmpty()) {
            fail(args[0] + ": needs a file: line and at least one edit");
        }
        Path target = Path.of(args[1]).resolve(file);
        String source = Files.readString(target, StandardCharsets.UTF_8);
        for (Edit edit : edits) {
            int at = source.indexOf(edit.find());
            if (at < 0) {
                fail(args[0] + ": find text not found in " + file + ":\n" + edit.find());
            }
            if (source.indexOf(edit.find(), at + 1) >= 0) {
                fail(args[0] + ": find text occurs more than once in " + file + ":\n" + edit.find());
            }
            source = source.substring(0, at) + edit.replace() + source.substring(at + edit.find().length());
        }
        Files.writeString(target, source, StandardCharsets.UTF_8);
    }

    private static void fail(String message) {
        System.err.println("ApplyMutant: " + message);
        System.exit(2);
    }
}
