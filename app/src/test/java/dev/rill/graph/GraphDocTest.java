package dev.rill.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/graph.md draws the graph: its diagram must name exactly the flows that are registered. */
class GraphDocTest {

    private static final Pattern ROUTER_EDGE = Pattern.compile("router -->\\|([a-z_]+)\\|");

    @Test
    void diagramNamesExactlyTheRegisteredFlowsInRouterOrder() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "graph.md"));
        String diagram = doc.substring(doc.indexOf("```mermaid"), doc.indexOf("```", doc.indexOf("```mermaid") + 3));
        Set<String> drawn = new LinkedHashSet<>();
        Matcher edge = ROUTER_EDGE.matcher(diagram);
        while (edge.find()) {
            drawn.add(edge.group(1));
        }

        assertThat(drawn).containsExactlyElementsOf(FlowRegistry.ORDER);
        for (String flow : FlowRegistry.ORDER) {
            assertThat(diagram).contains(flow + "[" + flow + "_flow]");
        }
    }
}
