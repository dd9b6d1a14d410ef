package dev.rill.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every flow the router can choose, in the order it offers them. Registering a flow is one line in
 * {@link #ORDER}; start-up fails when a registered name has no flow bean or a flow bean is not registered, so a
 * flow cannot be half-added.
 */
@Component
public class FlowRegistry {

    /** The graph's flows, in the order the router lists them. The last one answers when nothing else fits. */
    static final List<String> ORDER = List.of(
            "recipe",
            "rag",
            BasicFlow.NAME);

    private static final Pattern NAME = Pattern.compile("[a-z][a-z_]{0,30}");

    private final Map<String, Flow> flows;
    private final List<String> order;

    @Autowired
    FlowRegistry(List<Flow> beans, GraphProperties properties) {
        this(beans, ORDER, properties.flows());
    }

    FlowRegistry(List<Flow> beans, List<String> order) {
        this(beans, order, List.of());
    }

    FlowRegistry(List<Flow> beans, List<String> order, List<String> enabled) {
        Map<String, Flow> byName = new LinkedHashMap<>();
        for (Flow flow : beans) {
            if (!NAME.matcher(flow.name()).matches()) {
                throw new IllegalStateException("Flow name must match " + NAME.pattern() + ": " + flow.name());
            }
            if (byName.put(flow.name(), flow) != null) {
                throw new IllegalStateException("Two flows are named " + flow.name());
            }
        }
        Set<String> unregistered = new TreeSet<>(byName.keySet());
        order.forEach(unregistered::remove);
        if (!unregistered.isEmpty()) {
            throw new IllegalStateException("Flows not listed in FlowRegistry.ORDER: " + unregistered);
        }
        Map<String, Flow> ordered = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : order) {
            Flow flow = byName.get(name);
            if (flow == null) {
                missing.add(name);
            } else {
                ordered.put(name, flow);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("FlowRegistry.ORDER lists flows that do not exist: " + missing);
        }
        if (!enabled.isEmpty()) {
            List<String> unknown = enabled.stream().filter(name -> !ordered.containsKey(name)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalStateException("rill.graph.flows names flows that do not exist: " + unknown
                        + "; known: " + ordered.keySet());
            }
            ordered.keySet().retainAll(Set.copyOf(enabled));
        }
        this.flows = Map.copyOf(ordered);
        this.order = List.copyOf(ordered.keySet());
    }

    /** The flows in router order. */
    public List<Flow> flows() {
        return order.stream().map(flows::get).toList();
    }

    public Optional<Flow> find(String name) {
        return Optional.ofNullable(flows.get(name));
    }

    /** The flow that answers when the router has no better idea. */
    public Flow fallback() {
        return flows.get(order.get(order.size() - 1));
    }
}
