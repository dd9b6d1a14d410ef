/**
 * Chat rooms and the messages stored in them. Owns the {@code chats} and {@code chat_messages} tables and the
 * {@code /api/chats} routes: opening, listing and searching, reading, renaming and deleting a user's rooms.
 * {@link dev.rill.chat.ChatService} is also the message store the streaming feature writes answers through
 * (ownership checks, appends, the history window, finalising a partial answer). An entered room's recent history
 * is cached in Redis ({@code ActiveRooms}) and read from there without SQL; the cache only holds copies of
 * committed rows. Deleting a room evicts it and publishes {@link dev.rill.chat.ChatService.ChatDeleted}. Rooms
 * cascade from {@code users} in PostgreSQL; deleting an account evicts the user's cached rooms on
 * {@link dev.rill.auth.AccountService.AccountDeleted}.
 */
package dev.rill.chat;
