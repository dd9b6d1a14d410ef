package dev.rill.chat;

import dev.rill.shared.RillException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatTitlesTest {

    @Test
    void shortMessageBecomesTheTitleAsItIs() {
        assertThat(ChatTitles.fromText("How much pumpkin can my dog eat?", 100))
                .isEqualTo("How much pumpkin can my dog eat?");
    }

    @Test
    void longMessageIsCutAtAWordBoundaryWithAnEllipsis() {
        String title = ChatTitles.fromText("one two three four five six seven", 16);
        assertThat(title).isEqualTo("one two three…");
        assertThat(title.codePointCount(0, title.length())).isLessThanOrEqualTo(16);
    }

    @Test
    void textWithoutSpacesIsCutMidWord() {
        String title = ChatTitles.fromText("가나다라마바사아자차카타파하", 6);
        assertThat(title).isEqualTo("가나다라마…");
    }

    @Test
    void emojiCountAsOneCharacterAndAreNeverSplit() {
        String title = ChatTitles.fromText("😀😀😀😀😀😀😀😀", 5);
        assertThat(title).isEqualTo("😀😀😀😀…");
    }

    @Test
    void controlCharactersAndLineBreaksBecomeSingleSpaces() {
        assertThat(ChatTitles.fromText("  Line one\n\nLine\ttwo\u0007\u2028end  ", 100))
                .isEqualTo("Line one Line two end");
    }

    @Test
    void textWithNothingPrintableGivesNoTitle() {
        assertThat(ChatTitles.fromText(" \n\t\u0000 ", 100)).isNull();
        assertThat(ChatTitles.fromText(null, 100)).isNull();
    }

    @Test
    void typedTitleIsStrippedAndChecked() {
        assertThat(ChatTitles.validate("title", "  Dinner  ", 10)).isEqualTo("Dinner");
        assertThat(ChatTitles.validate("title", "가".repeat(10), 10)).hasSize(10);
        assertThatThrownBy(() -> ChatTitles.validate("title", "a".repeat(11), 10)).isInstanceOf(RillException.class)
                .hasMessageContaining("at most 10");
        assertThatThrownBy(() -> ChatTitles.validate("title", " \t ", 10)).hasMessageContaining("blank");
        assertThatThrownBy(() -> ChatTitles.validate("title", "a\nb", 10)).hasMessageContaining("line breaks");
        assertThatThrownBy(() -> ChatTitles.validate("title", "a\u0000b", 10)).hasMessageContaining("control");
    }
}
