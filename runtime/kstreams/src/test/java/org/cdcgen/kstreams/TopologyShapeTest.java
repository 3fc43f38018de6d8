package org.cdcgen.kstreams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The running graph is the one the file describes: Topology.describe() of the built topology
 * equals the file's "topology" section (nodes, kinds, edges, topics), for the tests' project topology
 * and a golden case with groups.
 */
class TopologyShapeTest {

    private static String node(String kind, String name, List<String> pred, List<String> succ, String topics) {
        return kind + " " + name + " <- " + pred + " -> " + succ + " " + topics;
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        s.sort(null);
        return s;
    }

    private static void check(Path file) throws Exception {
        JsonNode doc = new ObjectMapper().readTree(Files.readString(file));
        Map<String, String> want = new TreeMap<>();
        JsonNode subs = doc.get("topology").get("subtopologies");
        assertEquals(1, subs.size());
        for (JsonNode n : subs.get(0).get("nodes")) {
            List<String> pred = new ArrayList<>();
            n.get("predecessors").forEach(x -> pred.add(x.textValue()));
            List<String> succ = new ArrayList<>();
            n.get("successors").forEach(x -> succ.add(x.textValue()));
            String kind = n.get("kind").textValue();
            String topics = kind.equals("source") ? n.get("topics").toString().replace("\"", "")
                    : kind.equals("sink") ? n.get("topic").textValue() : "";
            want.put(n.get("name").textValue(), node(kind, n.get("name").textValue(), sorted(pred), sorted(succ), topics));
        }

        TopologySpec spec = TopologyLoader.load(file);
        TopologyDescription d = RouterTopology.build(spec, new RouterMetrics(spec)).describe();
        assertEquals(1, d.subtopologies().size());
        assertEquals(0, d.globalStores().size());
        Map<String, String> got = new TreeMap<>();
        for (TopologyDescription.Node n : d.subtopologies().iterator().next().nodes()) {
            List<String> pred = n.predecessors().stream().map(TopologyDescription.Node::name).toList();
            List<String> succ = n.successors().stream().map(TopologyDescription.Node::name).toList();
            String kind;
            String topics = "";
            if (n instanceof TopologyDescription.Source s) {
                kind = "source";
                topics = new ArrayList<>(s.topicSet()).toString().replace(" ", "");
            } else if (n instanceof TopologyDescription.Sink s) {
                kind = "sink";
                topics = s.topic();
            } else {
                kind = "processor";
            }
            got.put(n.name(), node(kind, n.name(), sorted(pred), sorted(succ), topics));
        }
        assertEquals(want, got);
    }

    @Test
    void projectTopology() throws Exception {
        check(Repo.topology());
    }

    @Test
    void goldenCases() throws Exception {
        check(Repo.path("tests/golden/groups/nested/expected/kstreams-topology.json"));
        check(Repo.path("tests/golden/ops/equals/expected/kstreams-topology.json"));
    }
}
