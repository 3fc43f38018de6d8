package org.cdcgen.kstreams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The repository's shared test inputs (golden cases), the tests' own project (its filters and
 * their topology, under src/test/resources/project) and the cdcgen binary, as the build passes
 * them. The tests never read the workspace's filters/ or generated/.
 */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        return Path.of(System.getProperty("cdcgen.root", "../..")).toAbsolutePath().normalize();
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    /** The tests' own project: cdcgen.yaml, filters/ and the kstreams-topology.json they compile to. */
    public static Path project() {
        return path("runtime/kstreams/src/test/resources/project");
    }

    /** The tests' own topology (four seed filters; source raw-event-headers). */
    public static Path topology() {
        return project().resolve("kstreams-topology.json");
    }

    public static Path cdcgen() {
        Path bin = Path.of(System.getProperty("cdcgen.bin", root().resolve("build/release/cdcgen").toString()));
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException(bin + " is not built; run make first (or make check-kstreams)");
        }
        return bin;
    }

    /** Output of a process; stdout and stderr as text. */
    public record Run(int status, String stdout, String stderr) {
    }

    public static Run run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("cdcgen-kstreams-test", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Run(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** cdcgen eval of {@code events} through the filter files of {@code dir}. */
    public static Run eval(Path dir, List<String> filterFiles, Path events) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(cdcgen().toString(), "eval"));
        for (String f : filterFiles) {
            cmd.add("-f");
            cmd.add(f);
        }
        cmd.add(events.toString());
        return run(dir, cmd);
    }
}
