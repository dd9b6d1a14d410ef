package dev.rill.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.rill.support.FakeSmsGateway;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account-recovery calls against a Rill that mails through a real SMTP server (GreenMail, in this JVM) and texts
 * through a real HTTP server standing in for the SMS gateway. Tests read the codes from what those servers
 * received. Both servers live as long as the JVM, as the Spring context that points at them is cached; subclasses
 * that add no properties share that context. Every request leaves from a fresh client address, so that the
 * per-address limits of one test never reach another.
 */
abstract class RecoveryHttpTest extends AuthHttpTest {

    static final GreenMail SMTP = startSmtp();
    static final FakeSmsGateway SMS = FakeSmsGateway.start();
    static final Duration DELIVERY = Duration.ofSeconds(15);

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private static GreenMail startSmtp() {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        return smtp;
    }

    @DynamicPropertySource
    static void recoveryServices(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("spring.mail.properties[mail.smtp.starttls.enable]", () -> "false");
        registry.add("rill.auth.mail.from", () -> "Rill <no-reply@rill.test>");
        registry.add("rill.auth.sms.url", SMS::url);
        registry.add("rill.auth.sms.username", () -> "AC-test");
        registry.add("rill.auth.sms.auth-token", () -> "sms-secret-token");
        registry.add("rill.auth.sms.from", () -> "+15005550006");
        registry.add("rill.auth.recovery.code-secret", () -> "a test secret that is at least thirty-two characters");
    }

    static String uniquePhone() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "+4" + random.nextLong(100_000_000_000L, 1_000_000_000_000L);
    }

    WebTestClient.ResponseSpec post(String path, Object body) {
        return clientFrom(randomAddress()).post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec post(String path, Object body, String address) {
        return clientFrom(address).post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec postAs(Session session, String path, Object body) {
        return clientFrom(randomAddress()).post().uri(path).header(HttpHeaders.AUTHORIZATION, session.bearer())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec requestReset(String email) {
        return post("/api/auth/password-reset", Map.of("email", email));
    }

    WebTestClient.ResponseSpec confirmReset(String email, String code, String newPassword) {
        return post("/api/auth/password-reset/confirm",
                Map.of("email", email, "code", code, "new_password", newPassword));
    }

    WebTestClient.ResponseSpec addPhone(Session session, String phone) {
        return postAs(session, "/api/me/phone", Map.of("phone", phone));
    }

    WebTestClient.ResponseSpec verifyPhone(Session session, String code) {
        return postAs(session, "/api/me/phone/verify", Map.of("code", code));
    }

    WebTestClient.ResponseSpec findAccount(String phone) {
        return post("/api/auth/find-account", Map.of("phone", phone));
    }

    /** Adds {@code phone} to the account and verifies it with the texted code. */
    void addVerifiedPhone(Session session, String phone) {
        int before = SMS.textsTo(phone).size();
        addPhone(session, phone).expectStatus().isAccepted();
        verifyPhone(session, codeIn(SMS.awaitText(phone, before + 1, DELIVERY).body())).expectStatus().isOk()
                .expectBody().jsonPath("$.phone_verified").isEqualTo(true);
    }

    /** Requests a reset for {@code email} and returns the code mailed for it. */
    String resetCode(String email) {
        int before = mailsTo(email).size();
        requestReset(email).expectStatus().isAccepted();
        return codeIn(body(awaitMail(email, before + 1)));
    }

    static List<MimeMessage> mailsTo(String email) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> addressedTo(m, email)).toList();
    }

    /** Waits for the {@code n}th mail (1-based) to {@code email}. */
    static MimeMessage awaitMail(String email, int n) {
        Instant deadline = Instant.now().plus(DELIVERY);
        while (Instant.now().isBefore(deadline)) {
            List<MimeMessage> mails = mailsTo(email);
            if (mails.size() >= n) {
                return mails.get(n - 1);
            }
            pause(Duration.ofMillis(25));
        }
        throw new AssertionError("No mail number " + n + " to " + email + " within " + DELIVERY);
    }

    static String body(MimeMessage message) {
        return GreenMailUtil.getBody(message);
    }

    static String codeIn(String text) {
        Matcher matcher = CODE.matcher(text);
        assertThat(matcher.find()).as("a 6-digit code in: " + text).isTrue();
        return matcher.group(1);
    }

    /** A 6-digit code other than {@code code}. */
    static String otherThan(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean addressedTo(MimeMessage message, String email) {
        try {
            Address[] recipients = message.getAllRecipients();
            return recipients != null && Arrays.stream(recipients).anyMatch(a -> a.toString().equalsIgnoreCase(email));
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
