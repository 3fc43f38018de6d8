package org.cdcgen.kstreams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.junit.jupiter.api.Test;

/**
 * What an application depending on the library pulls in: the pom the build publishes
 * (pom.xml itself: the shaded jar makes no reduced pom) requires Kafka Streams, Jackson and the
 * SLF4J API; the replay mode's test driver and the runnable jar's logger are optional, so they
 * go into the runnable jar only.
 */
class PackagingTest {
    @Test
    void libraryRequiresOnlyKafkaStreamsJacksonAndSlf4j() throws Exception {
        Element pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Repo.path("runtime/kstreams/pom.xml").toFile()).getDocumentElement();
        Element deps = (Element) pom.getElementsByTagName("dependencies").item(0);
        Map<String, String> kinds = new TreeMap<>();
        NodeList list = deps.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            String scope = text(d, "scope", "compile");
            String kind = scope.equals("test") ? "test"
                    : text(d, "optional", "false").equals("true") ? "optional " + scope : scope;
            kinds.put(text(d, "groupId", "") + ":" + text(d, "artifactId", ""), kind);
        }
        assertEquals(Map.of(
                "org.apache.kafka:kafka-streams", "compile",
                "com.fasterxml.jackson.core:jackson-databind", "compile",
                "org.slf4j:slf4j-api", "compile",
                "org.apache.kafka:kafka-streams-test-utils", "optional compile",
                "org.slf4j:slf4j-simple", "optional compile",
                "org.junit.jupiter:junit-jupiter", "test"), kinds);
        NodeList shade = pom.getElementsByTagName("createDependencyReducedPom");
        assertEquals(1, shade.getLength());
        assertEquals("false", shade.item(0).getTextContent().trim());
    }

    private static String text(Element e, String tag, String otherwise) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? otherwise : l.item(0).getTextContent().trim();
    }

    /** TopologyLoader names the serde and the handler as text (see there): the names are the classes'. */
    @Test
    void loaderNamesItsClasses() {
        assertEquals(EventSerde.class.getName(), TopologyLoader.VALUE_SERDE);
        assertEquals(SkipUnreadableHandler.class.getName(), TopologyLoader.HANDLER);
    }
}
