package dev.rill.recipe;

import java.util.List;

/**
 * One food of the IFCT 2017 table (Indian Food Composition Tables, National Institute of Nutrition, Hyderabad).
 *
 * @param code           the table's food code, such as {@code A015}
 * @param name           the table's English name, such as {@code Rice, raw, milled}
 * @param localNames     names in Indian languages, as the table lists them
 * @param group          the table's food group, such as {@code Cereals and Millets}
 * @param per100g        nutrients per 100 g of edible portion
 */
public record Food(String code, String name, String scientificName, List<String> localNames, String group,
                   Nutrients per100g) {

    public Food {
        localNames = List.copyOf(localNames);
    }

    /**
     * The first part of the name ({@code Chicken} for {@code Chicken, poultry, leg, skinless}): foods of one family
     * share an allergy.
     */
    public String family() {
        int comma = name.indexOf(',');
        return (comma < 0 ? name : name.substring(0, comma)).strip();
    }
}
