package dev.rill.shared.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    CodecCustomizer jsonBodyLimit(WebProperties properties) {
        // Decoders buffer a whole JSON document before parsing it; this bounds what one request can pin in memory.
        return configurer -> configurer.defaultCodecs().maxInMemorySize((int) properties.maxJsonBody().toBytes());
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(WebProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> origins = properties.corsAllowedOrigins().stream().filter(o -> !o.isBlank()).toList();
        if (!origins.isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(origins);
            cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"));
            cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Last-Event-ID", "Accept"));
            cors.setExposedHeaders(List.of("Location", "Link", "Retry-After", "RateLimit-Limit",
                    "RateLimit-Remaining", "RateLimit-Reset"));
            // Bearer tokens travel in a header, never in cookies, so credentials mode is not needed.
            cors.setAllowCredentials(false);
            cors.setMaxAge(Duration.ofHours(1));
            source.registerCorsConfiguration("/**", cors);
        }
        return source;
    }
}
