/**
 * Accounts and authentication. Owns the {@code users}, {@code refresh_tokens} and {@code external_identities}
 * tables, sign-up and sign-in ({@link dev.rill.auth.AuthService}), the signed-in user's own account
 * ({@link dev.rill.auth.AccountService}), the RS256 access tokens Rill signs and publishes at
 * {@code /.well-known/jwks.json}, and the security filter chain that validates every request's bearer token
 * (Rill's own or a trusted OIDC issuer's). Other features learn who is calling through
 * {@link dev.rill.shared.web.CurrentUser} and never touch this package's tables.
 */
package dev.rill.auth;
