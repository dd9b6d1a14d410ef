/**
 * Streaming runs: a message's answer is a server-side job whose events go to a bounded Redis stream per run, so
 * that a client can disconnect, resume from {@code Last-Event-ID} on any instance, or cancel. This package owns
 * the event log ({@link dev.rill.stream.RunEventLog}), the cross-instance notifications
 * ({@link dev.rill.stream.RunSignals}) and the replay-then-follow feed ({@link dev.rill.stream.RunFeed}).
 * The run service, the SSE routes and persistence of answers are built on these next.
 */
package dev.rill.stream;
