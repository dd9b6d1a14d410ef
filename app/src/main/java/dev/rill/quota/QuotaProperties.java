package dev.rill.quota;

import java.time.ZoneId;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The daily turn allowance ({@code rill.quota.*}).
 *
 * @param enabled        whether turns are counted at all
 * @param dailyTurns     turns a user may start per local day, unless an admin set an override for them
 * @param zone           the zone whose local midnight resets every allowance
 * @param whenRedisDown  what a turn gets while Redis cannot count it
 * @param ownKeyCounts   whether a turn that runs on the user's own provider key counts against the allowance;
 *                       such a turn is let through uncounted unless this is set
 */
@Validated
@ConfigurationProperties("rill.quota")
public record QuotaProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5") @Min(0) @Max(QuotaProperties.MAX_TURNS) int dailyTurns,
        @DefaultValue("UTC") @NotNull ZoneId zone,
        @DefaultValue("fail-closed") @NotNull WhenRedisDown whenRedisDown,
        @DefaultValue("false") boolean ownKeyCounts) {

    /** Upper bound of any allowance, configured or overridden. */
    public static final int MAX_TURNS = 1_000_000_000;

    public enum WhenRedisDown {
        /** Refuse turns with 503: no turn goes uncounted. */
        FAIL_CLOSED,
        /** Let turns through uncounted, and say so once in the log. */
        FAIL_OPEN
    }
}
