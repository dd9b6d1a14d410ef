package dev.rill.auth;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/** Defines the SMS gateway only when one is configured; without it the phone routes answer 501. */
@Configuration(proxyBeanMethods = false)
class SmsConfiguration {

    @Bean
    // Not @ConditionalOnProperty: that matches an empty value, as compose files leave RILL_AUTH_SMS_URL= unset.
    @ConditionalOnExpression("'${rill.auth.sms.url:}' != ''")
    SmsGateway smsGateway(AuthProperties properties, ObjectProvider<ReactorResourceFactory> resources) {
        return new FormPostSmsGateway(properties.sms(), resources.getIfAvailable());
    }
}
