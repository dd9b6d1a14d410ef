package dev.rill.profile.internal;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("profiles")
public record ProfileRow(@Id UUID id, UUID userId, String name, String species, String sex, double weightKg,
                         double ageYears, String activity, String[] allergies, Instant createdAt,
                         Instant updatedAt) {
}
