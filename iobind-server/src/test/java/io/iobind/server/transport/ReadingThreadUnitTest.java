package io.iobind.server.transport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The slot a WebSocket read opens on its thread: one task taken, run after the read, even when the read fails. */
class ReadingThreadUnitTest {

    @Test
    void aReadThatMayBlockTakesOneTaskAndRunsItAfterTheRead() {
        List<String> steps = new ArrayList<>();
        boolean noted = ReadingThread.read(() -> {
            assertThat(ReadingThread.isOpen()).isTrue();
            assertThat(ReadingThread.offer(() -> steps.add("task"))).isTrue();
            assertThat(ReadingThread.offer(() -> steps.add("second task"))).as("one task per read").isFalse();
            steps.add("read");
        }, true);
        assertThat(steps).containsExactly("read", "task");
        assertThat(noted).as("no event noted").isFalse();
        assertThat(ReadingThread.isOpen()).as("closed after the read").isFalse();
    }

    @Test
    void aTaskTakenDuringAReadThatFailsStillRuns() {
        List<String> steps = new ArrayList<>();
        assertThatThrownBy(() -> ReadingThread.read(() -> {
            assertThat(ReadingThread.offer(() -> steps.add("task"))).isTrue();
            throw new IllegalStateException("read failed");
        }, true)).hasMessage("read failed");
        assertThat(steps).containsExactly("task");
        assertThat(ReadingThread.isOpen()).isFalse();
    }

    @Test
    void aReadOnTheSelectorTakesNoTaskButNotesItsEvents() {
        boolean noted = ReadingThread.read(() -> {
            assertThat(ReadingThread.isOpen()).isFalse();
            assertThat(ReadingThread.offer(() -> { })).isFalse();
            ReadingThread.noteEvent();
        }, false);
        assertThat(noted).isTrue();
        assertThat(ReadingThread.offer(() -> { })).as("outside a read").isFalse();
    }
}
