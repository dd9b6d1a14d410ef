package dev.rill.recipe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingredient names find their IFCT 2017 food whatever their case, punctuation, plural, word order or language. */
class NutritionMatchingTest {

    private static final FoodCatalog CATALOG = FoodCatalog.load();

    private static FoodMatch match(String name) {
        return CATALOG.matcher().match(name);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "tomato|D075", "Tomatoes|D075", "TOMATO.|D075", "potatoes|F006", "Potato|F006",
            "cherries|E014", "strawberries|E063", "carrots|F002", "eggs|M001", "Egg|M001",
            "rice, raw|A015", "raw rice|A015", "Raw  Rice!|A015", "milled raw rice|A015", "Rice, raw, brown|A013",
            "brown rice|A013", "sweet potatoes|F013", "chicken breast|N003", "Breast chicken|N003",
            "peaches|E050", "radishes|F010", "anchovies|P003", "green peas|D061",
            "chopped fresh spinach|C033", "boneless chicken thigh|N002", "salmon fillet|P068"})
    void englishNamesMatchTheirFood(String name, String code) {
        FoodMatch match = match(name);
        assertThat(match.matched()).as(name).isTrue();
        assertThat(match.food().code()).as(name).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "쌀|A015", "밥|A015", "현미|A013", "닭고기|N003", "닭 가슴살|N003", "닭가슴살|N003", "소고기|O027",
            "돼지고기|O048", "달걀|M001", "계란|M001", "배추|C013", "양배추|C015", "무|F010", "당근|F002",
            "감자|F006", "고구마|F013", "양파|G017", "마늘|G011", "시금치|C033", "연어|P068", "고등어|P034",
            "호박|D066", "사과|E001", "바나나|E012", "우유|L002", "다진 마늘|G011", "다진마늘|G011",
            "유기농 시금치|C033", "삶은 달걀|M004", "삶은달걀|M004"})
    void koreanNamesMatchThroughTheAliasList(String name, String code) {
        FoodMatch match = match(name);
        assertThat(match.matched()).as(name).isTrue();
        assertThat(match.food().code()).as(name).isEqualTo(code);
    }

    @Test
    void howAFoodWasFoundIsReported() {
        assertThat(match("spinach").matchedBy()).isEqualTo(FoodMatch.ALIAS);
        assertThat(match("Ridge gourd").matchedBy()).isEqualTo(FoodMatch.NAME);
        assertThat(match("Ridge gourd").food().code()).isEqualTo("D068");
        assertThat(match("Spinacia oleracea").matchedBy()).isEqualTo(FoodMatch.SCIENTIFIC_NAME);
        assertThat(match("Spinacia oleracea").food().code()).isEqualTo("C033");
        assertThat(match("Blackberry").matchedBy()).isEqualTo(FoodMatch.LOCAL_NAME);
        assertThat(match("Blackberry").food().code()).isEqualTo("E013");
        FoodMatch ripe = match("ripe tomatoes");
        assertThat(ripe.matchedBy()).isEqualTo(FoodMatch.PARTIAL_NAME);
        assertThat(ripe.food().code()).isEqualTo("D075");
    }

    @Test
    void cookedRiceCountsAsItsRawWeight() {
        FoodMatch rice = match("밥");
        assertThat(rice.gramsFactor()).isEqualTo(0.36);
        assertThat(rice.note()).contains("raw");
        assertThat(match("rice").gramsFactor()).isEqualTo(1.0);
    }

    @Test
    void foodsTheTableLacksAreUnmatchedWithTheReason() {
        FoodMatch tofu = match("두부");
        assertThat(tofu.matched()).isFalse();
        assertThat(tofu.reason()).isEqualTo("IFCT 2017 has no tofu");
        assertThat(match("Tofu").reason()).isEqualTo("IFCT 2017 has no tofu");
        assertThat(match("coconut milk").reason()).contains("coconut milk");
    }

    @Test
    void unknownNamesAreUnmatchedRatherThanGuessed() {
        for (String name : new String[] {"dragon fruit", "oil", "unicorn steak", "  ", "!!!", "berries",
                "Oryza sativa", "Palak"}) {
            FoodMatch match = match(name);
            assertThat(match.matched()).as(name).isFalse();
            assertThat(match.reason()).as(name).isNotBlank();
        }
    }

    @Test
    void aliasListCoversAtLeastEightyFoodsAndOnlyRealCodes() {
        long foods = CATALOG.matcher().aliases().values().stream()
                .filter(alias -> alias.code() != null).map(FoodMatcher.Alias::code).distinct().count();
        assertThat(foods).isGreaterThanOrEqualTo(80);
        CATALOG.matcher().aliases().values().stream().filter(alias -> alias.code() != null)
                .forEach(alias -> assertThat(CATALOG.matcher().food(alias.code())).as(alias.alias()).isNotNull());
    }

    @Test
    void singularFollowsTheCommonEnglishRules() {
        assertThat(FoodNames.singular("berries")).isEqualTo("berry");
        assertThat(FoodNames.singular("tomatoes")).isEqualTo("tomato");
        assertThat(FoodNames.singular("peaches")).isEqualTo("peach");
        assertThat(FoodNames.singular("leaves")).isEqualTo("leaf");
        assertThat(FoodNames.singular("asparagus")).isEqualTo("asparagus");
        assertThat(FoodNames.singular("hummus")).isEqualTo("hummus");
        assertThat(FoodNames.singular("peas")).isEqualTo("pea");
        assertThat(FoodNames.key("Rice, raw")).isEqualTo(FoodNames.key("raw rice"));
        assertThat(FoodNames.key("닭 가슴살")).isEqualTo("닭가슴살");
    }
}
