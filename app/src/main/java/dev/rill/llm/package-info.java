/**
 * The language model behind every reply. Owns Rill's own streaming port ({@link dev.rill.llm.ReplyModel}, used
 * through {@link dev.rill.llm.LlmService}), its request and chunk types, the failure kinds a stream can end with
 * ({@link dev.rill.llm.LlmFailure}), the {@code rill.llm.*} settings, and the two models behind the port: an
 * OpenAI-compatible one (langchain4j over HTTP, used when {@code RILL_LLM_API_KEY} is set) and an offline demo model
 * that needs no network and doubles as a cheap upstream for load tests. No langchain4j type leaves this package, so
 * the client library can change without touching chats, runs or the router.
 */
package dev.rill.llm;
