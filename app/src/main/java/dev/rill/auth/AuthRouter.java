package dev.rill.auth;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static dev.rill.shared.web.ApiDocs.bearer;
import static dev.rill.shared.web.ApiDocs.empty;
import static dev.rill.shared.web.ApiDocs.ok;
import static dev.rill.shared.web.ApiDocs.problem;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.requestbody.Builder.requestBodyBuilder;
import static org.springdoc.webflux.core.fn.SpringdocRouteBuilder.route;

@Configuration(proxyBeanMethods = false)
class AuthRouter {

    private static final String AUTH = "auth";
    private static final String ACCOUNT = "account";

    @Bean
    RouterFunction<ServerResponse> authRoutes(AuthHandler handler) {
        return route()
                .POST("/api/auth/signup", handler::signup, ops -> ops.operationId("signup").tag(AUTH)
                        .summary("Create an account and sign in")
                        .requestBody(requestBodyBuilder().implementation(AuthRequests.Signup.class))
                        .response(ok("201", TokenPair.class))
                        .response(problem("400", "Invalid input or weak password"))
                        .response(problem("409", "Email already registered"))
                        .response(problem("429", "Too many sign-ups from this address")))
                .GET("/api/auth/email-available", handler::emailAvailable, ops -> ops.operationId("emailAvailable")
                        .tag(AUTH).summary("Check whether an email can still be registered")
                        .parameter(parameterBuilder().name("email").in(ParameterIn.QUERY).required(true))
                        .response(ok("200", AuthRequests.EmailAvailability.class))
                        .response(problem("400", "Missing or malformed email"))
                        .response(problem("429", "Too many checks from this address")))
                .POST("/api/auth/login", handler::login, ops -> ops.operationId("login").tag(AUTH)
                        .summary("Sign in with email and password")
                        .requestBody(requestBodyBuilder().implementation(AuthRequests.Login.class))
                        .response(ok("200", TokenPair.class))
                        .response(problem("401", "Wrong email or password"))
                        .response(problem("429", "Too many failed attempts; see Retry-After")))
                .POST("/api/auth/oidc/{provider}", handler::oidcSignIn, ops -> ops.operationId("oidcSignIn")
                        .tag(AUTH).summary("Sign in with an ID token from a configured OpenID Connect provider")
                        .parameter(parameterBuilder().name("provider").in(ParameterIn.PATH).required(true)
                                .description("Provider name from rill.auth.oidc.providers, such as google"))
                        .requestBody(requestBodyBuilder().implementation(AuthRequests.OidcToken.class))
                        .response(ok("200", TokenPair.class))
                        .response(problem("400", "Malformed body"))
                        .response(problem("401", "Invalid, expired or foreign ID token"))
                        .response(problem("403", "The provider has not verified the email"))
                        .response(problem("404", "No such provider"))
                        .response(problem("503", "The provider's keys could not be loaded")))
                .POST("/api/auth/refresh", handler::refresh, ops -> ops.operationId("refresh").tag(AUTH)
                        .summary("Exchange a refresh token for a new token pair (the old one is used up)")
                        .requestBody(requestBodyBuilder().implementation(AuthRequests.Refresh.class))
                        .response(ok("200", TokenPair.class))
                        .response(problem("401", "Invalid, expired or reused refresh token")))
                .POST("/api/auth/logout", handler::logout, ops -> ops.operationId("logout").tag(AUTH)
                        .summary("Revoke a refresh token and every token rotated from the same sign-in")
                        .requestBody(requestBodyBuilder().implementation(AuthRequests.Refresh.class))
                        .response(empty("204")))
                .GET("/api/me", handler::me, ops -> ops.operationId("getMe").tag(ACCOUNT).security(bearer())
                        .summary("The signed-in user's account")
                        .response(ok("200", Account.class))
                        .response(problem("401", "Not signed in")))
                .PATCH("/api/me", handler::updateMe, ops -> ops.operationId("updateMe").tag(ACCOUNT)
                        .security(bearer()).summary("Change nickname and/or bio")
                        .requestBody(requestBodyBuilder().implementation(AuthRequests.ProfileUpdate.class))
                        .response(ok("200", Account.class))
                        .response(problem("400", "Invalid input"))
                        .response(problem("401", "Not signed in")))
                .DELETE("/api/me", handler::deleteMe, ops -> ops.operationId("deleteMe").tag(ACCOUNT)
                        .security(bearer()).summary("Delete the account and all of its data")
                        .response(empty("204"))
                        .response(problem("401", "Not signed in")))
                .POST("/api/me/password", handler::changePassword, ops -> ops.operationId("changePassword")
                        .tag(ACCOUNT).security(bearer())
                        .summary("Change the password; ends every other session and returns a new token pair")
                        .requestBody(requestBodyBuilder().implementation(AuthRequests.PasswordChange.class))
                        .response(ok("200", TokenPair.class))
                        .response(problem("400", "Wrong current password or weak new password"))
                        .response(problem("401", "Not signed in")))
                .POST("/api/auth/password-reset", handler::requestPasswordReset, ops -> ops
                        .operationId("requestPasswordReset").tag(AUTH)
                        .summary("Mail a one-time code for a password reset; 202 whether or not the email has an account")
                        .requestBody(requestBodyBuilder().implementation(AuthRequests.PasswordReset.class))
                        .response(empty("202"))
                        .response(problem("400", "Invalid input"))
                        .response(problem("429", "Too many codes requested; see Retry-After"))
                        .response(problem("501", "No SMTP server configured")))
                .POST("/api/auth/password-reset/confirm", handler::confirmPasswordReset, ops -> ops
                        .operationId("confirmPasswordReset").tag(AUTH)
                        .summary("Set a new password with the mailed code; ends every session of the account")
                        .requestBody(requestBodyBuilder().implementation(AuthRequests.PasswordResetConfirmation.class))
                        .response(empty("204"))
                        .response(problem("400", "Invalid input, weak password, or wrong or expired code"))
                        .response(problem("429", "Too many wrong codes or attempts; see Retry-After"))
                        .response(problem("501", "No SMTP server configured")))
                .POST("/api/auth/find-account", handler::findAccount, ops -> ops.operationId("findAccount")
                        .tag(AUTH)
                        .summary("Text the masked email of the account that verified this number; 202 either way")
                        .requestBody(requestBodyBuilder().implementation(AuthRequests.Phone.class))
                        .response(empty("202"))
                        .response(problem("400", "Invalid input or not an E.164 number"))
                        .response(problem("429", "Too many requests; see Retry-After"))
                        .response(problem("501", "No SMS gateway configured")))
                .POST("/api/me/phone", handler::addPhone, ops -> ops.operationId("addPhone").tag(ACCOUNT)
                        .security(bearer())
                        .summary("Set the account's phone number (unverified) and text it a verification code")
                        .requestBody(requestBodyBuilder().implementation(AuthRequests.Phone.class))
                        .response(empty("202"))
                        .response(problem("400", "Invalid input or not an E.164 number"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("429", "Too many codes requested; see Retry-After"))
                        .response(problem("501", "No SMS gateway configured")))
                .POST("/api/me/phone/verify", handler::verifyPhone, ops -> ops.operationId("verifyPhone")
                        .tag(ACCOUNT).security(bearer())
                        .summary("Verify the account's phone number with the texted code")
                        .requestBody(requestBodyBuilder().implementation(AuthRequests.PhoneCode.class))
                        .response(ok("200", Account.class))
                        .response(problem("400", "Invalid input, or wrong or expired code"))
                        .response(problem("401", "Not signed in"))
                        .response(problem("409", "Another account has verified this number"))
                        .response(problem("429", "Too many wrong codes or attempts; see Retry-After"))
                        .response(problem("501", "No SMS gateway configured")))
                .GET("/.well-known/jwks.json", handler::jwks, ops -> ops.operationId("jwks").tag(AUTH)
                        .summary("Public keys that verify Rill's access tokens")
                        .response(empty("200")))
                .build();
    }
}
