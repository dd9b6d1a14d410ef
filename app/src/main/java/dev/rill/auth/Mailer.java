package dev.rill.auth;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends plain-text mail through the SMTP server of {@code spring.mail.*}. Jakarta Mail blocks for the whole SMTP
 * conversation, so every send runs on a small pool of its own: never on an event loop, and a slow or dead mail
 * server ties up at most these threads while later sends queue (and are refused when the queue is full).
 */
@Component
class Mailer implements AutoCloseable {

    private static final int THREADS = 4;
    private static final int QUEUE_LIMIT = 1_000;

    private final JavaMailSender sender;
    private final AuthProperties.Mail settings;
    private final Scheduler scheduler;

    /** Spring Boot defines the sender only when {@code spring.mail.host} is set; without it mail is off. */
    Mailer(ObjectProvider<JavaMailSender> sender, AuthProperties properties) {
        this.sender = sender.getIfAvailable();
        this.settings = properties.mail();
        this.scheduler = Schedulers.newBoundedElastic(THREADS, QUEUE_LIMIT, "rill-mail");
    }

    boolean available() {
        return sender != null;
    }

    Mono<Void> send(String to, String subject, String text) {
        if (sender == null) {
            return Mono.error(new IllegalStateException("No SMTP server is configured"));
        }
        return Mono.fromRunnable(() -> {
                    SimpleMailMessage message = new SimpleMailMessage();
                    message.setFrom(settings.from());
                    message.setTo(to);
                    message.setSubject(subject);
                    message.setText(text);
                    sender.send(message);
                })
                .subscribeOn(scheduler)
                .timeout(settings.timeout())
                .then();
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
