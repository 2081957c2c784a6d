package io.iobind.example;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iobind.server.resource.ResourceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Titles a database could not keep as sent are refused before they reach it. (A lone surrogate cannot be sent
 * through the Java Socket.IO client, whose UTF-8 encoder replaces it, hence this test of the check itself.)
 */
class TodoInputTest {

    @Test
    void aLoneSurrogateIsRefusedAndAPairIsNot() {
        assertThatThrownBy(() -> TodoInput.forCreate(title("half \uD83C an emoji")))
                .isInstanceOf(ResourceException.class)
                .hasMessage("field 'title': must be well-formed Unicode (a lone surrogate)");
        assertThatThrownBy(() -> TodoInput.forCreate(title("ends with \uDF31")))
                .hasMessage("field 'title': must be well-formed Unicode (a lone surrogate)");
        assertThat(TodoInput.forCreate(title("a whole \uD83C\uDF31")).title()).isEqualTo("a whole \uD83C\uDF31");
    }

    @Test
    void aNulCharacterIsRefused() {
        assertThatThrownBy(() -> TodoInput.forPatch(title("a\u0000b")))
                .hasMessage("field 'title': must not contain U+0000");
    }

    private static ObjectNode title(String title) {
        return JsonNodeFactory.instance.objectNode().put("title", title);
    }
}
