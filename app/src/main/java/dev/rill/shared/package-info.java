/**
 * The small kernel every feature shares and none owns: prefixed identifiers ({@link dev.rill.shared.IdKind}),
 * problem types and the exception that carries them ({@link dev.rill.shared.ProblemType},
 * {@link dev.rill.shared.RillException}), and web helpers under {@code shared.web}. It holds no business logic.
 */
package dev.rill.shared;
