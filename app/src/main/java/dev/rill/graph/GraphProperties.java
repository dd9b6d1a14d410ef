package dev.rill.graph;

import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The tool-selection graph ({@code rill.graph.*}).
 *
 * @param basicSystemPrompt  what the model is told before the conversation in the basic flow
 * @param routerSystemPrompt what the router's LLM call is told; it must pick exactly one tool
 * @param fastPathThreshold  the fast path decides alone when its best flow scores at least this (0–1)
 * @param fastPathMargin     … and beats the runner-up by at least this much
 * @param llmRouting         whether an unsure fast path asks the LLM; without it, the fast path's best guess goes
 * @param maxHandOffs        how many times one turn may go from a flow to another
 * @param flows              the flows the router may choose, by name; empty for every registered flow. Listing only
 *                           {@code basic} turns the graph into plain chat
 */
@Validated
@ConfigurationProperties("rill.graph")
public record GraphProperties(
        @DefaultValue("You are Rill, a helpful assistant for food, nutrition and everyday questions."
                + " Answer in the language the user writes in.") @NotBlank String basicSystemPrompt,
        @DefaultValue("You route a chat message to the one tool that should answer it. Call exactly one tool,"
                + " with a short reason in English. Meal plans, recipes, diets and what to cook or feed go to"
                + " recipe; factual questions that a knowledge base of documents could answer go to rag;"
                + " everything else, including greetings and small talk, goes to basic.")
        @NotBlank String routerSystemPrompt,
        @DefaultValue("0.45") @DecimalMin("0.0") @DecimalMax("1.0") double fastPathThreshold,
        @DefaultValue("0.12") @DecimalMin("0.0") @DecimalMax("1.0") double fastPathMargin,
        @DefaultValue("true") boolean llmRouting,
        @DefaultValue("2") @Min(0) @Max(5) int maxHandOffs,
        @DefaultValue("") List<String> flows) {

    public GraphProperties {
        flows = flows == null ? List.of() : flows.stream().map(String::strip).filter(name -> !name.isEmpty()).toList();
    }
}
