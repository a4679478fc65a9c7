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
 * A find text is code only: a line of it that holds a comment is rejected. It is matched against
 * the code of the file, line by line, with each line's comments and trailing blanks left out and
 * lines that hold only a comment skipped, so rewording or adding a comment never breaks a mutant.
 * The matched lines, with their comments, are replaced by the replace text. Each find text must
 * match exactly once in the file, so a mutant whose target has been edited away fails loudly
 * instead of silently testing the unmutated code. Exits 2 on any such failure.
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
        List<String> source = new ArrayList<>(Files.readAllLines(target, StandardCharsets.UTF_8));
        for (Edit edit : edits) {
            List<String> find = edit.find().lines().map(String::stripTrailing).toList();
            if (!codeOf(find).equals(find)) {
                fail(args[0] + ": find text holds a comment; match code only:\n" + edit.find());
            }
            List<String> code = codeOf(source);
            int[] match = null;
            for (int start = 0; start < source.size(); start++) {
                int end = matchAt(source, code, find, start);
                if (end < 0) {
                    continue;
                }
                if (match != null) {
                    fail(args[0] + ": find text occurs more than once in " + file + ":\n" + edit.find());
                }
                match = new int[] {start, end};
            }
            if (match == null) {
                fail(args[0] + ": find text not found in " + file + ":\n" + edit.find());
            }
            source.subList(match[0], match[1]).clear();
            source.addAll(match[0], edit.replace().lines().toList());
        }
        Files.writeString(target, String.join("\n", source) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Matches the find lines against the code from line {@code start} on, skipping lines that hold
     * only a comment between matched lines. Returns the index after the last matched line, or -1.
     */
    private static int matchAt(List<String> source, List<String> code, List<String> find, int start) {
        int line = start;
        for (String wanted : find) {
            while (line < source.size() && line > start && isCommentOnly(source.get(line), code.get(line))) {
                line++;
            }
            if (line >= source.size() || !code.get(line).equals(wanted)) {
                return -1;
            }
            line++;
        }
        return line;
    }

    private static boolean isCommentOnly(String line, String code) {
        return code.isBlank() && !line.isBlank();
    }

    /**
     * The code of each line: the line with its comments removed and trailing blanks stripped.
     * Tracks block comments across lines and string, text block and char literals, so a
     * {@code //} inside a literal is kept.
     */
    private static List<String> codeOf(List<String> lines) {
        List<String> code = new ArrayList<>();
        boolean inBlock = false;
        boolean inTextBlock = false;
        for (String line : lines) {
            StringBuilder kept = new StringBuilder();
            int i = 0;
            while (i < line.length()) {
                if (inBlock) {
                    int close = line.indexOf("*/", i);
                    if (close < 0) {
                        i = line.length();
                    } else {
                        inBlock = false;
                        i = close + 2;
                    }
                } else if (inTextBlock) {
                    int close = line.indexOf("\"\"\"", i);
                    int stop = close < 0 ? line.length() : close + 3;
                    kept.append(line, i, stop);
                    inTextBlock = close < 0;
                    i = stop;
                } else if (line.startsWith("//", i)) {
                    i = line.length();
                } else if (line.startsWith("/*", i)) {
                    inBlock = true;
                    i += 2;
                } else if (line.startsWith("\"\"\"", i)) {
                    inTextBlock = true;
                    kept.append("\"\"\"");
                    i += 3;
                } else if (line.charAt(i) == '"' || line.charAt(i) == '\'') {
                    int stop = endOfLiteral(line, i);
                    kept.append(line, i, stop);
                    i = stop;
                } else {
                    kept.append(line.charAt(i));
                    i++;
                }
            }
            code.add(kept.toString().stripTrailing());
        }
        return code;
    }

    /** The index after the string or char literal that opens at {@code open}. */
    private static int endOfLiteral(String line, int open) {
        char quote = line.charAt(open);
        int i = open + 1;
        while (i < line.length() && line.charAt(i) != quote) {
            i += line.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, line.length());
    }

    private static void fail(String message) {
        System.err.println("ApplyMutant: " + message);
        System.exit(2);
    }
}
