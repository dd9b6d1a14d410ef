/**
 * The tool-selection graph: each turn goes {@code router -> recipe | rag | basic -> end}. This feature owns the
 * {@link dev.rill.graph.Flow} contract that flows implement, the registry of flows, and the router that picks one.
 * Flows themselves live with their features (the recipe flow in {@code recipe}, the RAG flow in {@code rag}).
 */
package dev.rill.graph;
