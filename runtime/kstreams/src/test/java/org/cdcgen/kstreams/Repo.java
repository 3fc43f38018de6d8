package org.cdcgen.kstreams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The repository's shared test inputs and the cdcgen binary, as the build passes them. */
final class Repo {
    private Repo() {
    }

    static Path root() {
        return Path.of(System.getProperty("cdcgen.root", "../..")).toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static Path cdcgen() {
        Path bin = Path.of(System.getProperty("cdcgen.bin", root().resolve("build/release/cdcgen").toString()));
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException(bin + " is not built; run make first (or make check-kstreams)");
        }
        return bin;
    }

    /** Output of a process; stdout and stderr as text. */
    record Run(int status, String stdout, String stderr) {
    }

    static Run run(Path dir, List<String> command) throws IOException, InterruptedException {
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
    static Run eval(Path dir, List<String> filterFiles, Path events) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(cdcgen().toString(), "eval"));
        for (String f : filterFiles) {
            cmd.add("-f");
            cmd.add(f);
        }
        cmd.add(events.toString());
        return run(dir, cmd);
    }

    /** The runtime's replay of {@code events} (the bytes of a JSON-lines file). */
    static Run replay(TopologySpec spec, String name, byte[] events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Replay.Result r;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            r = new Replay(spec).run(name, events, o, e);
        }
        return new Run(r.unreadable() > 0 ? 1 : 0, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }
}
