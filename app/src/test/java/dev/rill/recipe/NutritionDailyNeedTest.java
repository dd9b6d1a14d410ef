package dev.rill.recipe;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.rill.profile.ActivityLevel;
import dev.rill.profile.Profile;
import dev.rill.profile.Sex;
import dev.rill.profile.Species;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Daily needs against hand-computed figures (formulas and sources in docs/nutrition.md). */
class NutritionDailyNeedTest {

    private static final ReferenceIntakes INTAKES = FoodCatalog.load().intakes();

    private static Profile profile(Species species, Sex sex, double weightKg, double ageYears,
                                   ActivityLevel activity) {
        return new Profile(UUID.randomUUID(), UUID.randomUUID(), "x", species, sex, weightKg, ageYears, activity,
                List.of(), Instant.now(), Instant.now());
    }

    private static double energy(Profile profile) {
        return DailyNeed.of(profile, INTAKES).perDay().get(Nutrients.ENERGY);
    }

    @Test
    void reproducesTheWorkedExampleOfFao2004() {
        // FAO 2004 section 5.4.1: women 20-30 y, 55 kg, moderately active: BMR 1302 kcal, PAL 1.85, 2410 kcal.
        // 14.818 × 55 + 486.6 = 1301.59; × 1.85 = 2407.94
        assertThat(DailyNeed.basalMetabolicRate(Sex.FEMALE, 25, 55)).isCloseTo(1301.59, within(1e-9));
        assertThat(energy(profile(Species.HUMAN, Sex.FEMALE, 55, 25, ActivityLevel.MODERATE)))
                .isCloseTo(2407.9415, within(1e-4)).isCloseTo(2410, within(3.0));
    }

    @Test
    void menUseTheMaleEquationOfTheirAgeBand() {
        // 30-60 y: 11.472 × 70 + 873.1 = 1676.14; × 1.55 (low) = 2598.017
        assertThat(energy(profile(Species.HUMAN, Sex.MALE, 70, 45, ActivityLevel.LOW)))
                .isCloseTo(2598.017, within(1e-9));
        // ≥ 60 y: 11.711 × 70 + 587.7 = 1407.47; × 2.2 (high) = 3096.434
        assertThat(energy(profile(Species.HUMAN, Sex.MALE, 70, 60, ActivityLevel.HIGH)))
                .isCloseTo(3096.434, within(1e-9));
    }

    @Test
    void withoutSexThePersonGetsTheMeanOfBothEquations() {
        // 18-30 y, 60 kg: male 15.057 × 60 + 692.2 = 1595.62; female 14.818 × 60 + 486.6 = 1375.68;
        // mean 1485.65 × 1.85 = 2748.4525
        assertThat(energy(profile(Species.HUMAN, null, 60, 20, ActivityLevel.MODERATE)))
                .isCloseTo(2748.4525, within(1e-9));
    }

    @Test
    void childrenGetNoAdultNeeds() {
        DailyNeed need = DailyNeed.of(profile(Species.HUMAN, Sex.MALE, 30, 9, ActivityLevel.MODERATE), INTAKES);
        assertThat(need.perDay().values()).allMatch(value -> value == null);
        assertThat(need.method()).contains("18");
    }

    @Test
    void adultDogIsRestingEnergyTimesActivityFactor() {
        // RER = 70 × 10^0.75 = 70 × 5.623413 = 393.6389; moderate 1.6 → 629.8223
        DailyNeed need = DailyNeed.of(profile(Species.DOG, null, 10, 3, ActivityLevel.MODERATE), INTAKES);
        assertThat(DailyNeed.restingEnergy(10)).isCloseTo(393.6389, within(1e-4));
        assertThat(need.perDay().get(Nutrients.ENERGY)).isCloseTo(629.8223, within(1e-4));
        // NRC 2006 adult dog: protein 25 g and fat 13.8 g per 1000 kcal
        assertThat(need.perDay().get(Nutrients.PROTEIN)).isCloseTo(15.7456, within(1e-4));
        assertThat(need.perDay().get(Nutrients.FAT)).isCloseTo(8.6915, within(1e-4));
        assertThat(need.perDay().get(Nutrients.CALCIUM)).isNull();
        assertThat(need.method()).contains("1.6");
    }

    @Test
    void activityAndAgeChangeThePetFactor() {
        assertThat(DailyNeed.petFactor(Species.DOG, 5, ActivityLevel.LOW)).isEqualTo(1.4);
        assertThat(DailyNeed.petFactor(Species.DOG, 5, ActivityLevel.HIGH)).isEqualTo(2.0);
        assertThat(DailyNeed.petFactor(Species.DOG, 0.2, ActivityLevel.LOW)).isEqualTo(3.0);
        assertThat(DailyNeed.petFactor(Species.DOG, 0.5, ActivityLevel.LOW)).isEqualTo(2.0);
        assertThat(DailyNeed.petFactor(Species.CAT, 5, ActivityLevel.MODERATE)).isEqualTo(1.2);
        assertThat(DailyNeed.petFactor(Species.CAT, 0.5, ActivityLevel.HIGH)).isEqualTo(2.5);
    }

    @Test
    void adultCatNeedsFiftyGramsOfProteinPerThousandKcal() {
        // RER = 70 × 4^0.75 = 70 × 2.828427 = 197.9899; low 1.0; protein 197.9899 × 50 / 1000 = 9.8995
        DailyNeed need = DailyNeed.of(profile(Species.CAT, null, 4, 6, ActivityLevel.LOW), INTAKES);
        assertThat(need.perDay().get(Nutrients.ENERGY)).isCloseTo(197.9899, within(1e-4));
        assertThat(need.perDay().get(Nutrients.PROTEIN)).isCloseTo(9.8995, within(1e-4));
    }

    @Test
    void puppyHasEnergyButNoAdultProteinAllowance() {
        // 70 × 5^0.75 = 234.0591; × 3.0 = 702.1774
        DailyNeed need = DailyNeed.of(profile(Species.DOG, null, 5, 0.2, ActivityLevel.MODERATE), INTAKES);
        assertThat(need.perDay().get(Nutrients.ENERGY)).isCloseTo(702.1774, within(1e-4));
        assertThat(need.perDay().get(Nutrients.PROTEIN)).isNull();
    }
}
