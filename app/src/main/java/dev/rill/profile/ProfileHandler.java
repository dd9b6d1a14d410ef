package dev.rill.profile;

import java.net.URI;
import java.util.UUID;

import dev.rill.chat.PagingParameters;
import dev.rill.shared.web.CurrentUser;
import dev.rill.shared.web.JsonBodies;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/** Maps the profile routes onto {@link ProfileService}. */
@Component
class ProfileHandler {

    private final ProfileService profiles;
    private final JsonBodies bodies;
    private final ProfileProperties properties;

    ProfileHandler(ProfileService profiles, JsonBodies bodies, ProfileProperties properties) {
        this.profiles = profiles;
        this.bodies = bodies;
        this.properties = properties;
    }

    Mono<ServerResponse> create(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> bodies.read(request, ProfileRequests.Create.class)
                        .flatMap(body -> profiles.create(user.id(), body.fields())))
                .flatMap(profile -> ServerResponse.created(URI.create("/api/profiles/" + profile.wireId()))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(ProfileResponses.ProfileView.of(profile)));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    PagingParameters.Paging paging = PagingParameters.read(request, "cursor", "limit",
                            properties.defaultPageSize(), properties.maxPageSize());
                    return profiles.list(user.id(), paging.cursor(), paging.limit());
                })
                .flatMap(page -> {
                    return PagingParameters.okPage(request, page, ProfileResponses.ProfileList.of(page));
                });
    }

    Mono<ServerResponse> get(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> profiles.requireOwned(user.id(), profileId(request)))
                .flatMap(profile -> json(ProfileResponses.ProfileView.of(profile)));
    }

    Mono<ServerResponse> update(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> {
                    UUID profileId = profileId(request);
                    return bodies.read(request, ProfileRequests.Update.class)
                            .flatMap(body -> profiles.update(user.id(), profileId, body.fields()));
                })
                .flatMap(profile -> json(ProfileResponses.ProfileView.of(profile)));
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        return CurrentUser.of(request)
                .flatMap(user -> profiles.delete(user.id(), profileId(request)))
                .then(ServerResponse.noContent().build());
    }

    private static UUID profileId(ServerRequest request) {
        return ProfileIds.parse(request.pathVariable("profileId"));
    }

    private static Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
