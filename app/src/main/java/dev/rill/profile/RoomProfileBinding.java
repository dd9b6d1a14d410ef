package dev.rill.profile;

import java.util.UUID;

import dev.rill.chat.RoomProfiles;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/** Lets chat bind a room only to one of its owner's profiles, and store the profile's canonical ID. */
@Component
class RoomProfileBinding implements RoomProfiles {

    private final ProfileService profiles;

    RoomProfileBinding(ProfileService profiles) {
        this.profiles = profiles;
    }

    @Override
    public Mono<String> requireOwned(UUID userId, String profileId) {
        return Mono.defer(() -> profiles.requireOwned(userId, ProfileIds.parse(profileId))).map(Profile::wireId);
    }
}
