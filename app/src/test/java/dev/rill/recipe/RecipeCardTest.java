package dev.rill.recipe;

import java.io.ByteArrayInputStream;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import dev.rill.shared.IdKind;
import dev.rill.support.HttpTest;
import dev.rill.support.Problems;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without an image model, a recipe's picture is its SVG card: well-formed, escaped, deterministic and cacheable.
 */
class RecipeCardTest extends HttpTest {

    private static final String NASTY_TITLE = "<script>&\"' bowl";

    @Autowired
    RecipeService recipes;

    @Autowired
    RecipePictures pictures;

    private String save(Session session, String title, List<MealProposal.Ingredient> ingredients) {
        MealProposal proposal = new MealProposal(title, 1, ingredients, List.of("Cook."));
        Recipe recipe = recipes.check(proposal, null)
                .flatMap(meal -> recipes.save(IdKind.USER.parse(session.userId()), null, null, meal)).block();
        return IdKind.RECIPE.format(recipe.id());
    }

    private static Document parse(byte[] svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
    }

    @Test
    void withoutAnImageModelTheImageIsAWellFormedSvgCardWithTheEscapedTitleAndHeaviestIngredients()
            throws Exception {
        assertThat(pictures.enabled()).isFalse();
        Session session = signUp();
        String recipeId = save(session, NASTY_TITLE, List.of(new MealProposal.Ingredient("rice", 50),
                new MealProposal.Ingredient("salmon", 150), new MealProposal.Ingredient("spinach", 80),
                new MealProposal.Ingredient("carrot", 60), new MealProposal.Ingredient("parsley", 5)));

        EntityExchangeResult<byte[]> got = client.get().uri("/api/recipes/{id}/image", recipeId)
                .header("Authorization", session.bearer()).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("image/svg+xml")
                .expectHeader().valueEquals("Content-Security-Policy", RecipeHandler.CARD_POLICY)
                .expectBody(byte[].class).returnResult();
        byte[] svg = got.getResponseBody();
        String text = new String(svg, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(RecipeHandler.CARD_POLICY).startsWith("default-src 'none'; style-src 'unsafe-inline'");
        assertThat(got.getResponseHeaders().getCacheControl()).contains("private", "no-cache");

        Document document = parse(svg);
        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(document.getElementsByTagNameNS("*", "script").getLength()).isZero();
        assertThat(document.getElementsByTagNameNS("*", "title").item(0).getTextContent()).isEqualTo(NASTY_TITLE);
        assertThat(text).contains("&lt;script&gt;&amp;&quot;&apos; bowl").doesNotContain("<script");
        NodeList lines = document.getElementsByTagNameNS("*", "text");
        // Title, the four heaviest ingredients heaviest first, and the footer: parsley (5 g) is left out.
        assertThat(lines.getLength()).isEqualTo(6);
        assertThat(lines.item(1).getTextContent()).contains("salmon", "150 g");
        assertThat(lines.item(2).getTextContent()).contains("spinach");
        assertThat(lines.item(3).getTextContent()).contains("carrot");
        assertThat(lines.item(4).getTextContent()).contains("rice");
        assertThat(text).doesNotContain("parsley");

        String etag = got.getResponseHeaders().getETag();
        assertThat(etag).isEqualTo("\"" + RecipePictures.sha256(svg) + "\"");
        byte[] again = client.get().uri("/api/recipes/{id}/image", recipeId).header("Authorization", session.bearer())
                .exchange().expectStatus().isOk().expectHeader().valueEquals("ETag", etag)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(again).isEqualTo(svg);
        client.get().uri("/api/recipes/{id}/image", recipeId).header("Authorization", session.bearer())
                .header("If-None-Match", "W/" + etag).exchange().expectStatus().isNotModified();
    }

    @Test
    void anotherUsersRecipeCardIsNotFound() {
        Session owner = signUp();
        String recipeId = save(owner, "Rice", List.of(new MealProposal.Ingredient("rice", 100)));
        Session stranger = signUp();
        Problems.expectProblem(client.get().uri("/api/recipes/{id}/image", recipeId)
                .header("Authorization", stranger.bearer()).exchange(), HttpStatus.NOT_FOUND, "not-found");
    }
}
