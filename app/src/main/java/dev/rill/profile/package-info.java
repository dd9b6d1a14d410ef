/**
 * Profiles of whom a user's meals are for: people and pets (dogs, cats), with weight, age, activity and allergies.
 * Owns the {@code profiles} table and the {@code /api/profiles} routes. Pets are shown with {@code pet-…} IDs and
 * people with {@code profile-…} IDs; both prefixes are accepted wherever a profile ID is expected
 * ({@link dev.rill.profile.ProfileIds}). {@link dev.rill.profile.ProfileService} is the face other features use
 * (the recipe flow reads a room's profile through it), and this feature implements chat's
 * {@link dev.rill.chat.RoomProfiles}, so that a room can only be bound to one of its owner's profiles. Profiles
 * cascade from {@code users} in PostgreSQL.
 */
package dev.rill.profile;
