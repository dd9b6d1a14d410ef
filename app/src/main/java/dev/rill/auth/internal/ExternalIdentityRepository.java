package dev.rill.auth.internal;

import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

import reactor.core.publisher.Mono;

public interface ExternalIdentityRepository extends ReactiveCrudRepository<ExternalIdentityRow, String> {

    @Query("SELECT * FROM external_identities WHERE issuer = :issuer AND subject = :subject")
    Mono<ExternalIdentityRow> find(String issuer, String subject);
}
