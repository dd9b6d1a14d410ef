package dev.rill.auth;

import java.time.Instant;
import java.util.List;

/** A user's account as the API shows it. The ID is the prefixed wire form ({@code user-…}). */
public record Account(String id, String email, String nickname, String bio, List<String> roles,
                      boolean hasPassword, Instant createdAt) {
}
