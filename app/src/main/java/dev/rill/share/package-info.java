/**
 * Sharing and forking rooms. A room's owner shares it ({@code POST /api/chats/{chatId}/share}) or unshares it;
 * while it is shared anyone, signed in or not, may read its title, times and the messages people and the assistant
 * wrote ({@code GET /api/shared/{chatId}}), and any signed-in user may fork it into a room of their own
 * ({@code POST /api/shared/{chatId}/fork}). Owns no tables: the flag is chat's {@code is_shared}, and every read and
 * write goes through {@link dev.rill.chat.ChatService}. Public reads are counted per client address in Redis
 * ({@code PublicReadThrottle}).
 */
package dev.rill.share;
