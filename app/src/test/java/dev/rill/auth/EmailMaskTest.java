package dev.rill.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The masked email that find-account texts: recognisable to its owner, little use to anyone else. */
class EmailMaskTest {

    @Test
    void keepsTheFirstLettersAndTheTopLevelDomain() {
        assertThat(AccountRecoveryService.maskEmail("jane@example.com")).isEqualTo("j***@e******.com");
    }

    @Test
    void hidesTheLengthOfTheLocalPart() {
        assertThat(AccountRecoveryService.maskEmail("j@example.com")).isEqualTo("j***@e******.com");
        assertThat(AccountRecoveryService.maskEmail("jonathan.livingston@example.com")).isEqualTo("j***@e******.com");
    }

    @Test
    void masksEverySubdomainButTheLastLabel() {
        assertThat(AccountRecoveryService.maskEmail("ada@mail.example.co.uk")).isEqualTo("a***@m**************.uk");
    }

    @Test
    void copesWithOneLetterDomainsAndNonAsciiLetters() {
        assertThat(AccountRecoveryService.maskEmail("x@y.io")).isEqualTo("x***@y.io");
        assertThat(AccountRecoveryService.maskEmail("émile@école.fr")).isEqualTo("é***@é****.fr");
    }
}
