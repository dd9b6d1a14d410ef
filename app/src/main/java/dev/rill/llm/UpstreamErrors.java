package dev.rill.llm;

import java.io.IOException;
import java.nio.channels.UnresolvedAddressException;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.rill.llm.LlmFailure.Kind;
import dev.rill.platform.PublicAddressResolver;
import dev.rill.shared.Causes;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what langchain4j reports into an {@link LlmFailure}, by exception type and HTTP status, never by message
 * text.
 *
 * <p>langchain4j 1.19 maps an error to the root of its cause chain: an HTTP error arrives as, say, a
 * {@code RateLimitException} caused by an {@code HttpException} that carries the status; a connect timeout as a
 * {@code LangChain4jException} around the JDK's {@code HttpConnectTimeoutException}. So the whole chain is searched.
 */
final class UpstreamErrors {

    /** OpenAI's {@code error.code} for a 429 that waiting will not fix. */
    static final String INSUFFICIENT_QUOTA = "insufficient_quota";

    /** Error bodies are a few hundred bytes; a larger one is not OpenAI's error JSON and is not parsed. */
    private static final int MAX_ERROR_BODY = 16 * 1024;

    private UpstreamErrors() {
    }

    static LlmFailure classify(Throwable error, boolean tokensEmitted) {
        HttpException http = Causes.find(error, HttpException.class);
        if (http != null) {
            return fromStatus(http.statusCode(), http.getMessage(), tokensEmitted, error);
        }
        if (Causes.find(error, java.net.http.HttpTimeoutException.class) != null
                || Causes.find(error, dev.langchain4j.exception.TimeoutException.class) != null) {
            return new LlmFailure(Kind.TIMEOUT, "The language model did not answer in time", tokensEmitted, error);
        }
        // Jackson 2 (which langchain4j parses with) makes its parse errors IOExceptions, so this comes first.
        if (Causes.find(error, com.fasterxml.jackson.core.JacksonException.class) != null) {
            return new LlmFailure(Kind.BAD_RESPONSE, "The language model sent a chunk that is not valid JSON",
                    tokensEmitted, error);
        }
        if (Causes.find(error, PublicAddressResolver.NonPublicAddress.class) != null) {
            return new LlmFailure(Kind.REQUEST_REJECTED, "The key's base URL resolves to an address that is not on"
                    + " the public internet; Rill does not call it", tokensEmitted, error);
        }
        if (Causes.find(error, IOException.class) != null || Causes.find(error, UnresolvedAddressException.class) != null
                || Causes.find(error, UnresolvedModelServerException.class) != null) {
            return new LlmFailure(Kind.UPSTREAM_UNAVAILABLE, tokensEmitted
                    ? "The connection to the language model broke off during the reply"
                    : "The language model's server could not be reached", tokensEmitted, error);
        }
        return new LlmFailure(Kind.BAD_RESPONSE, "The language model's stream failed", tokensEmitted, error);
    }

    static LlmFailure fromStatus(int status, String body, boolean tokensEmitted, Throwable cause) {
        String code = errorCode(body);
        if (status == 401 || status == 403) {
            return new LlmFailure(Kind.AUTH_FAILED, "The language model refused the API key (HTTP " + status + ")",
                    tokensEmitted, status, code, false, cause);
        }
        if (status == 429) {
            boolean quota = INSUFFICIENT_QUOTA.equals(code);
            return new LlmFailure(Kind.RATE_LIMITED, quota
                    ? "The language model account has run out of quota"
                    : "The language model is rate limiting Rill", tokensEmitted, status, code, !quota, cause);
        }
        if (status == 408) {
            return new LlmFailure(Kind.TIMEOUT, "The language model timed out (HTTP 408)", tokensEmitted, status,
                    code, true, cause);
        }
        if (status >= 500) {
            return new LlmFailure(Kind.UPSTREAM_UNAVAILABLE,
                    "The language model's server failed (HTTP " + status + ")", tokensEmitted, status, code, true,
                    cause);
        }
        if (status >= 400) {
            return new LlmFailure(Kind.REQUEST_REJECTED,
                    "The language model rejected the request (HTTP " + status + ")", tokensEmitted, status, code,
                    false, cause);
        }
        return new LlmFailure(Kind.BAD_RESPONSE, "The language model answered with HTTP " + status, tokensEmitted,
                status, code, false, cause);
    }

    /** {@code error.code} of an OpenAI error body, else {@code error.type}, else {@code null}. */
    static String errorCode(String body) {
        if (body == null || body.isBlank() || body.length() > MAX_ERROR_BODY) {
            return null;
        }
        try {
            JsonNode error = JsonMapper.shared().readTree(body).path("error");
            JsonNode code = error.path("code");
            if (code.isString()) {
                return code.stringValue();
            }
            JsonNode type = error.path("type");
            return type.isString() ? type.stringValue() : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
