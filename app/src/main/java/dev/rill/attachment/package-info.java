/**
 * Images attached to a chat room for the model to look at. Owns the {@code attachments} table and the
 * {@code /api/chats/{chatId}/attachments} routes.
 *
 * <p>{@link dev.rill.attachment.AttachmentService} accepts PNG and JPEG files, recognised by their first bytes and
 * never by what the client declares, at most {@code rill.attachments.max-bytes} each, and stores them in PostgreSQL
 * ({@code bytea}); nothing is written to a file system. Rooms belong to the chat feature: every call checks the room
 * through {@link dev.rill.chat.ChatService#requireOwned}, and another user's room or attachment answers 404.
 * Attachments cascade from their room.
 *
 * <p>The room's next turn takes the attachments no turn has sent yet ({@link
 * dev.rill.attachment.AttachmentService#takePending}, called by the streaming feature) and the graph's basic flow
 * shows them to the model; an extraction asked for with {@code analysis=true} is stored back through
 * {@link dev.rill.attachment.AttachmentService#saveAnalysis}.
 */
package dev.rill.attachment;
