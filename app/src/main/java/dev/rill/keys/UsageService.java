package dev.rill.keys;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.rill.keys.internal.KeyUsageRepository;
import dev.rill.keys.internal.KeyUsageRow;
import dev.rill.llm.LlmService;
import dev.rill.shared.RillException;
import reactor.core.publisher.Mono;

/**
 * Tokens spent per user, key, model and UTC day, and what they cost by {@code rill.keys.prices}. The stream feature
 * records each finished turn, whether or not its client was still connected; turns on Rill's own model are recorded
 * under no key, so {@code GET /api/usage} covers everything the user spent.
 */
@Service
public class UsageService {

    private static final Logger log = LoggerFactory.getLogger(UsageService.class);
    /** Stands for "Rill's own model" in the key_usage primary key, which cannot hold a null. */
    static final UUID RILL_MODEL = new UUID(0, 0);
    static final int MAX_DAYS = 366;
    static final int DEFAULT_DAYS = 30;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** Tokens of one period, or of one day and model; {@code cost} is null when no price covers them. */
    public record Tokens(long promptTokens, long completionTokens, int turns, boolean estimated, BigDecimal cost) {
    }

    public record DayRow(LocalDate day, String model, Tokens tokens) {
    }

    public record KeyReport(UUID keyId, LocalDate from, LocalDate to, List<DayRow> rows, Tokens total,
                            List<String> unpricedModels) {
    }

    /** {@code keyId == null}: Rill's own model. */
    public record SourceTotal(UUID keyId, Tokens tokens) {
    }

    public record UserReport(LocalDate from, LocalDate to, List<SourceTotal> bySource, Tokens total,
                             List<String> unpricedModels) {
    }

    /** A validated date range, inclusive at both ends. */
    public record Period(LocalDate from, LocalDate to) {

        /** From query parameters: ISO dates, {@code to} defaulting to today (UTC), {@code from} to 30 days back. */
        public static Period parse(String from, String to, String granularity) {
            if (granularity != null && !"day".equals(granularity)) {
                throw RillException.invalid("granularity", "must be day");
            }
            LocalDate end = date("to", to, LocalDate.now(ZoneOffset.UTC));
            LocalDate start = date("from", from, end.minusDays(DEFAULT_DAYS - 1));
            if (start.isAfter(end)) {
                throw RillException.invalid("from", "must not be after to");
            }
            if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
                throw RillException.invalid("from", "must be at most " + MAX_DAYS + " days before to");
            }
            return new Period(start, end);
        }

        private static LocalDate date(String field, String raw, LocalDate fallback) {
            if (raw == null || raw.isEmpty()) {
                return fallback;
            }
            try {
                return LocalDate.parse(raw);
            } catch (DateTimeParseException e) {
                throw RillException.invalid(field, "must be a date such as 2026-01-31");
            }
        }
    }

    private final KeyUsageRepository usage;
    private final KeyService keys;
    private final LlmService llm;
    private final KeyProperties properties;

    UsageService(KeyUsageRepository usage, KeyService keys, LlmService llm, KeyProperties properties) {
        this.usage = usage;
        this.keys = keys;
        this.llm = llm;
        this.properties = properties;
    }

    /**
     * Adds a finished turn's tokens to today's row, under the turn's key ({@code null}: Rill's own model) and the
     * model that key asks for (the key's own, else Rill's configured one). Never fails: a count that cannot be stored is logged, and the answer is not held up for it.
     */
    public Mono<Void> recordTurn(UUID userId, KeyService.KeyChoice key, long promptTokens, long completionTokens,
                                 boolean estimated) {
        if (promptTokens <= 0 && completionTokens <= 0) {
            return Mono.empty();
        }
        return usage.add(userId, key == null ? RILL_MODEL : key.keyId(),
                        llm.modelFor(key == null ? null : key.credentials()),
                        LocalDate.now(ZoneOffset.UTC), promptTokens, completionTokens, estimated)
                .onErrorResume(e -> {
                    log.warn("Usage of a turn of user {} could not be recorded: {}", userId, e.toString());
                    return Mono.empty();
                });
    }

    /** One key's daily rows; 404 unless the key is the user's (a deleted key's usage only shows in the totals). */
    Mono<KeyReport> forKey(UUID userId, UUID keyId, Period period) {
        return keys.get(userId, keyId)
                .thenMany(usage.findForKey(userId, keyId, period.from(), period.to()))
                .collectList()
                .map(rows -> {
                    List<DayRow> days = rows.stream()
                            .map(row -> new DayRow(row.day(), row.model(), tokens(List.of(row))))
                            .toList();
                    return new KeyReport(keyId, period.from(), period.to(), days, tokens(rows), unpriced(rows));
                });
    }

    /** The user's totals over the period, per key and for Rill's own model. */
    Mono<UserReport> forUser(UUID userId, Period period) {
        return usage.findForUser(userId, period.from(), period.to())
                .collectList()
                .map(rows -> {
                    Map<UUID, List<KeyUsageRow>> bySource = new LinkedHashMap<>();
                    rows.forEach(row -> bySource.computeIfAbsent(row.keyId(), id -> new ArrayList<>()).add(row));
                    List<SourceTotal> totals = bySource.entrySet().stream()
                            .map(e -> new SourceTotal(RILL_MODEL.equals(e.getKey()) ? null : e.getKey(),
                                    tokens(e.getValue())))
                            .toList();
                    return new UserReport(period.from(), period.to(), totals, tokens(rows), unpriced(rows));
                });
    }

    /** Sums rows; the cost covers the priced models only, and is null when none of them is priced. */
    private Tokens tokens(List<KeyUsageRow> rows) {
        long prompt = 0;
        long completion = 0;
        int turns = 0;
        boolean estimated = false;
        BigDecimal cost = null;
        for (KeyUsageRow row : rows) {
            prompt += row.promptTokens();
            completion += row.completionTokens();
            turns += row.turns();
            estimated |= row.estimated();
            KeyProperties.Price price = properties.prices().get(row.model());
            if (price != null) {
                BigDecimal rowCost = price.promptPerMillion().multiply(BigDecimal.valueOf(row.promptTokens()))
                        .add(price.completionPerMillion().multiply(BigDecimal.valueOf(row.completionTokens())))
                        .divide(MILLION, 6, RoundingMode.HALF_UP);
                cost = cost == null ? rowCost : cost.add(rowCost);
            }
        }
        return new Tokens(prompt, completion, turns, estimated, cost);
    }

    private List<String> unpriced(List<KeyUsageRow> rows) {
        TreeSet<String> models = new TreeSet<>();
        rows.stream().map(KeyUsageRow::model).filter(model -> !properties.prices().containsKey(model))
                .forEach(models::add);
        return List.copyOf(models);
    }
}
