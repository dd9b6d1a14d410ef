package dev.rill.profile;

import java.util.UUID;

import dev.rill.shared.IdKind;

/**
 * Profile IDs on the wire. A pet's profile is shown as {@code pet-…} (the pet-nutrition clients know pets by such
 * IDs) and a person's as {@code profile-…}. Both prefixes name the same UUID space, and either is accepted wherever
 * a profile is expected, so an ID a client holds stays valid if the profile's species is changed.
 */
public final class ProfileIds {

    private ProfileIds() {
    }

    public static String format(UUID id, Species species) {
        return (species.isPet() ? IdKind.PET : IdKind.PROFILE).format(id);
    }

    /**
     * Parses a {@code pet-…} or {@code profile-…} ID, or fails with a 400 {@code malformed-id} problem that shows
     * the expected shape ({@code profile-…} unless the text starts with {@code pet-}).
     */
    public static UUID parse(String raw) {
        boolean pet = raw != null && raw.startsWith(IdKind.PET.prefix() + "-");
        return (pet ? IdKind.PET : IdKind.PROFILE).parse(raw);
    }
}
