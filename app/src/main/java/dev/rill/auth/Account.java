package dev.rill.auth;

import java.time.Instant;
import java.util.List;

/**
 * A user's account as the API shows it. The ID is the prefixed wire form ({@code user-…}). {@code phone} is
 * absent until the user adds one; {@code phoneVerified} says whether a code sent to it has come back.
 */
public record Account(String id, String email, String nickname, String bio, List<String> roles,
                      boolean hasPassword, Instant createdAt, String phone, boolean phoneVerified) {
}
