package dev.rill.rag;

import java.util.UUID;

/** Who acts, and whether they may manage the global knowledge base and review submissions. */
public record Actor(UUID userId, boolean admin) {
}
