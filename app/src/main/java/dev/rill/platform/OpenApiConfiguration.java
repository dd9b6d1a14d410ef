package dev.rill.platform;

import dev.rill.shared.web.ApiDocs;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springdoc.api.AbstractOpenApiResource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The frame of the OpenAPI document; the operations come from each feature's router. The document is built at
 * start-up (springdoc's pre-loading), because building it scans the class path: file reads that must not run on
 * an event loop when the first client asks for {@code /v3/api-docs}.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition
@SecurityScheme(name = ApiDocs.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class OpenApiConfiguration {

    /**
     * Springdoc pre-loads the document on a thread of its own as soon as its resource bean exists. Creating that
     * bean after Flyway means a database that is down stops start-up before the pre-load begins, so the operator
     * sees the one-paragraph failure analysis and not a second stack trace from the pre-load thread.
     */
    @Bean
    static BeanFactoryPostProcessor openApiAfterMigrations() {
        return beanFactory -> {
            if (!beanFactory.containsBeanDefinition("flywayInitializer")) {
                return;
            }
            for (String name : beanFactory.getBeanNamesForType(AbstractOpenApiResource.class, true, false)) {
                BeanDefinition definition = beanFactory.getBeanDefinition(name);
                String[] dependsOn = definition.getDependsOn() == null ? new String[0] : definition.getDependsOn();
                String[] extended = java.util.Arrays.copyOf(dependsOn, dependsOn.length + 1);
                extended[dependsOn.length] = "flywayInitializer";
                definition.setDependsOn(extended);
            }
        };
    }

    /**
     * Springdoc describes schemas with swagger-core's own Jackson 2 mapper, which knows nothing of the snake_case
     * naming the API uses on the wire (Jackson 3); without this, generated clients would send camelCase.
     */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    @Bean
    OpenAPI rillOpenApi(ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion();
        return new OpenAPI()
                .info(new Info().title("Rill API").version(version)
                        .description("Streaming chat backend. Errors are RFC 9457 problem documents"
                                + " (application/problem+json); see docs/api.md.")
                        .license(new License().name("Apache-2.0")));
    }
}
