package org.cdcgen.kstreams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tests' own project (src/test/resources/project) stays what the compiler makes of it: its
 * kstreams-topology.json is byte for byte what {@code cdcgen generate -t kstreams} writes for its
 * filters. To refresh it after a change to the topology format, run in that directory:
 * {@code cdcgen generate -t kstreams -o - filters > kstreams-topology.json}.
 */
class FixtureTest {
    @Test
    void topologyIsWhatCdcgenGenerates() throws Exception {
        Repo.Run r = Repo.run(Repo.project(), List.of(Repo.cdcgen().toString(), "generate", "-t", "kstreams",
                "-o", "-", "filters"));
        assertEquals(0, r.status(), r.stderr());
        assertEquals(Files.readString(Repo.topology()), r.stdout(),
                "src/test/resources/project/kstreams-topology.json is stale");
    }

    @Test
    void projectHasTheFourSeedFilters() {
        TopologySpec spec = TopologyLoader.load(Repo.topology());
        assertEquals(List.of("car-created-filter", "loan-created-filter", "loan-payment-submitted-filter",
                "service-events-filter"), spec.branches().stream().map(TopologySpec.Branch::filter).toList());
    }
}
