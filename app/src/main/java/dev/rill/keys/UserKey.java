package dev.rill.keys;

import java.time.Instant;
import java.util.UUID;

/** A stored key as its owner may see it: everything but the key itself, of which only the last four characters show. */
public record UserKey(UUID id, String provider, String label, String baseUrl, boolean isDefault, Instant createdAt,
                      String last4, String model) {
}
