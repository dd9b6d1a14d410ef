package dev.rill.support;

import java.time.Duration;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives every application context of the test run its own Reactor Netty event loops and connection pool.
 *
 * <p>A production process holds one context, and Spring Boot's default (Reactor Netty's global resources) suits it.
 * The test run holds some thirty cached contexts plus a second instance in {@code TwoInstancesTest}, and closing any
 * context with global resources disposes the loops that all the others serve on: the fake LLM server's shutdown then
 * timed out, and at JVM exit each remaining context waited for its dead server to stop until Surefire killed the fork.
 * Registered in {@code META-INF/spring.factories}, so Spring Boot's auto-configured factory backs off.
 */
public class OwnReactorResources implements ApplicationContextInitializer<GenericApplicationContext> {

    @Override
    public void initialize(GenericApplicationContext context) {
        context.registerBean("reactorResourceFactory", ReactorResourceFactory.class, () -> {
            ReactorResourceFactory resources = new ReactorResourceFactory();
            resources.setUseGlobalResources(false);
            resources.setShutdownQuietPeriod(Duration.ZERO);
            return resources;
        });
    }
}
