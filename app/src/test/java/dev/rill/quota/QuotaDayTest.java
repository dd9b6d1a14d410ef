package dev.rill.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Allowances reset at local midnight of the configured zone, not at UTC midnight or 24 hours after a turn. */
class QuotaDayTest {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void lastSecondBeforeLocalMidnightBelongsToThatLocalDayAndResetsOneSecondLater() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T14:59:59Z"), ZoneOffset.UTC);

        QuotaDay day = QuotaDay.today(clock, SEOUL);

        assertThat(day.date()).isEqualTo(LocalDate.parse("2026-11-22"));
        assertThat(day.resetsAt()).isEqualTo(Instant.parse("2026-11-22T15:00:00Z"));
        assertThat(day.until(clock.instant())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void localMidnightStartsANewDayEvenThoughItIsStillTheSameDayInUtc() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T15:00:00Z"), ZoneOffset.UTC);

        QuotaDay day = QuotaDay.today(clock, SEOUL);

        assertThat(day.date()).isEqualTo(LocalDate.parse("2026-11-23"));
        assertThat(day.resetsAt()).isEqualTo(Instant.parse("2026-11-23T15:00:00Z"));
        assertThat(QuotaDay.today(clock, ZoneOffset.UTC).date()).isEqualTo(LocalDate.parse("2026-11-22"));
    }

    @Test
    void dayWhenClocksSpringForwardIsTwentyThreeHoursLong() {
        // 8 March 2026, New York: 02:00 EST becomes 03:00 EDT.
        Clock clock = Clock.fixed(Instant.parse("2026-03-08T05:00:00Z"), ZoneOffset.UTC);

        QuotaDay day = QuotaDay.today(clock, NEW_YORK);

        assertThat(day.date()).isEqualTo(LocalDate.parse("2026-03-08"));
        assertThat(day.resetsAt()).isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
        assertThat(day.until(clock.instant())).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void timeUntilResetIsNeverNegative() {
        QuotaDay day = QuotaDay.of(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

        assertThat(day.until(Instant.parse("2026-11-23T00:00:05Z"))).isEqualTo(Duration.ZERO);
    }
}
