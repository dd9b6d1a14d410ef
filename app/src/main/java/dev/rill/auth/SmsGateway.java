package dev.rill.auth;

import reactor.core.publisher.Mono;

/** Sends a text message. Implementations must not block: they are called on event loops. */
interface SmsGateway {

    /**
     * @param to   an E.164 number, such as {@code +14155550100}
     * @param body the text, short enough for one or two SMS segments
     */
    Mono<Void> send(String to, String body);
}
