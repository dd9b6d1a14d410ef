package dev.rill.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The local day an instant falls in, in the quota's zone, and the instant the next one starts. Counts are kept per
 * local day, so the reset is the next local midnight rather than 24 hours after the first turn; across a DST
 * change that day is 23 or 25 hours long.
 */
record QuotaDay(LocalDate date, Instant resetsAt) {

    /** The day the clock is in now. */
    static QuotaDay today(Clock clock, ZoneId zone) {
        return of(clock.instant(), zone);
    }

    static QuotaDay of(Instant now, ZoneId zone) {
        LocalDate date = now.atZone(zone).toLocalDate();
        // atStartOfDay, not atTime(MIDNIGHT): where a DST gap swallows midnight it gives the first valid instant.
        return new QuotaDay(date, date.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** Time left until the reset, never negative. */
    Duration until(Instant now) {
        Duration left = Duration.between(now, resetsAt);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
