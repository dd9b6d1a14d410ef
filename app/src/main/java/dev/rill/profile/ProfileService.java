package dev.rill.profile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.rill.chat.Cursor;
import dev.rill.chat.Page;
import dev.rill.profile.internal.ProfileRepository;
import dev.rill.profile.internal.ProfileRow;
import dev.rill.shared.IdKind;
import dev.rill.shared.RillException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * A user's profiles: the people and pets their meals are for.
 *
 * <p>Every method takes the acting user's ID and sees only that user's profiles: a profile that does not exist and
 * a profile of someone else both fail with the same 404 {@code not-found} problem, so a client cannot learn which
 * IDs exist. Invalid fields fail with one 400 {@code validation} problem naming every field at fault (the rules
 * are in {@code ProfileRules}: species-dependent weight and age ranges, enum values, name and allergy lengths, at
 * most {@value ProfileRules#MAX_ALLERGIES} allergies). Lists are walked newest first with a {@link Cursor} over
 * {@code (created_at, id)}, like chat rooms.
 *
 * <p>Other features read profiles through {@link #requireOwned}: the recipe flow scales needs and excludes
 * allergies with it, and rooms are bound to profiles through {@link dev.rill.chat.RoomProfiles}.
 */
@Service
public class ProfileService {

    private final ProfileRepository profiles;
    private final R2dbcEntityTemplate template;
    private final ProfileProperties properties;
    private final TransactionalOperator transaction;

    ProfileService(ProfileRepository profiles, R2dbcEntityTemplate template, ProfileProperties properties,
                   ReactiveTransactionManager transactionManager) {
        this.profiles = profiles;
        this.template = template;
        this.properties = properties;
        this.transaction = TransactionalOperator.create(transactionManager);
    }

    /**
     * Creates a profile. {@code name}, {@code species}, {@code weightKg} and {@code ageYears} are required;
     * {@code activity} defaults to {@code moderate} and {@code allergies} to none.
     *
     * @throws RillException (as an error signal) 400 {@code validation} naming every field at fault
     */
    public Mono<Profile> create(UUID userId, ProfileFields fields) {
        return Mono.defer(() -> {
            ProfileRules.Checked checked = ProfileRules.forCreate(fields);
            Instant now = now();
            return template.insert(new ProfileRow(IdKind.newUuid(), userId, checked.name(), checked.species().wire(),
                    checked.sex() == null ? null : checked.sex().wire(), checked.weightKg(), checked.ageYears(),
                    checked.activity().wire(), checked.allergies().toArray(String[]::new), now, now));
        }).map(ProfileService::toProfile);
    }

    /**
     * One page of the user's profiles, newest first.
     *
     * @param limit profiles per page, 1 to {@link ProfileProperties#maxPageSize()}
     */
    public Mono<Page<Profile>> list(UUID userId, Cursor cursor, int limit) {
        return Mono.defer(() -> {
            if (limit < 1 || limit > properties.maxPageSize()) {
                return Mono.error(new IllegalArgumentException(
                        "limit must be from 1 to " + properties.maxPageSize() + ", was " + limit));
            }
            return profiles.findPage(userId, cursor.createdAt(), cursor.id(), limit + 1)
                    .map(ProfileService::toProfile).collectList()
                    .map(found -> {
                        if (found.size() <= limit) {
                            return new Page<>(found, null);
                        }
                        List<Profile> results = found.subList(0, limit);
                        Profile last = results.get(limit - 1);
                        return new Page<>(results, Cursor.after(last.createdAt(), last.id()));
                    });
        });
    }

    /** The profile, if the user owns it; otherwise 404 {@code not-found}. */
    public Mono<Profile> requireOwned(UUID userId, UUID profileId) {
        return profiles.findOwned(userId, profileId).map(ProfileService::toProfile)
                .switchIfEmpty(Mono.error(ProfileService::profileNotFound));
    }

    /**
     * Changes the non-null fields of {@code changes}; {@code allergies}, when given, replaces the whole list. The
     * result is checked as a whole, so changing the species re-checks the weight and age against its ranges. Changing
     * a person into a pet (or back) changes the ID's prefix, and the old form stays valid.
     *
     * @throws RillException (as an error signal) 404 {@code not-found}, or 400 {@code validation}
     */
    public Mono<Profile> update(UUID userId, UUID profileId, ProfileFields changes) {
        return profiles.lockOwned(userId, profileId)
                .switchIfEmpty(Mono.error(ProfileService::profileNotFound))
                .flatMap(row -> {
                    ProfileRules.Checked checked = ProfileRules.forUpdate(toProfile(row), changes);
                    return profiles.update(userId, profileId, checked.name(), checked.species().wire(),
                            checked.sex() == null ? null : checked.sex().wire(), checked.weightKg(),
                            checked.ageYears(), checked.activity().wire(), checked.allergies().toArray(String[]::new),
                            now());
                })
                .as(transaction::transactional)
                .map(ProfileService::toProfile);
    }

    /**
     * Deletes a profile. Rooms bound to it keep the ID they were given; the recipe flow then treats such a room
     * as having no profile.
     */
    public Mono<Void> delete(UUID userId, UUID profileId) {
        return profiles.deleteOwned(userId, profileId)
                .switchIfEmpty(Mono.error(ProfileService::profileNotFound))
                .then();
    }

    private static Instant now() {
        // PostgreSQL keeps microseconds; a finer Instant would not survive a round trip through a cursor.
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static RillException profileNotFound() {
        return RillException.notFound("The profile");
    }

    private static Profile toProfile(ProfileRow row) {
        return new Profile(row.id(), row.userId(), row.name(), Species.fromWire(row.species()).orElseThrow(),
                row.sex() == null ? null : Sex.fromWire(row.sex()).orElseThrow(), row.weightKg(), row.ageYears(),
                ActivityLevel.fromWire(row.activity()).orElseThrow(),
                row.allergies() == null ? List.of() : Arrays.asList(row.allergies()), row.createdAt(),
                row.updatedAt());
    }
}
