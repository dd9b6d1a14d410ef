package dev.rill;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RillApplication {

    public static void main(String[] args) {
        SpringApplication.run(RillApplication.class, args);
    }
}
