package io.iobind.example;

import io.iobind.example.Browser.Row;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static io.iobind.example.TodoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Done." in two real headless Chromium sessions on the same server: what one does, the other shows, through a
 * reload and a server restart. The steps run in order on one list. When a step fails, both pages are saved as
 * {@code target/browser-failures/<step>-A.png} and {@code -B.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DoneBrowserTest {

    private static final Path FAILURES = Path.of("target", "browser-failures");
    private static final Path DOCS_SCREENSHOT = Path.of("..", "docs", "done-two-browsers.png");
    private static final String XSS = "<img src=x onerror=alert(1)>";

    @TempDir
    static Path temp;
    private Path dataDir;
    private DoneTestServer server;
    private int port;
    private Browser a;
    private Browser b;

    @RegisterExtension
    final TestWatcher screenshotsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            saveFailureScreenshots(context.getRequiredTestMethod().getName());
        }
    };

    @BeforeAll
    void start() throws Exception {
        Browser.installedOrSkip("DoneBrowserTest");
        dataDir = temp.resolve("data");
        server = DoneTestServer.start(dataDir, 0);
        port = server.port();
        a = Browser.open("A", temp.resolve("profile-a"), 600, 760);
        b = Browser.open("B", temp.resolve("profile-b"), 600, 760);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, server}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    @Order(1)
    void bothPagesLoadAndShowWhatAnotherClientAdds() throws Exception {
        a.load(server.uri());
        b.load(server.uri());
        assertThat(a.rows()).isEmpty();
        try (TodoClient client = TodoClient.connect(server.uri())) {
            for (String title : List.of("Water the plants", "Book the dentist", "Call Grandma")) {
                client.create(title);
            }
        }
        awaitBoth(List.of(open("Water the plants"), open("Book the dentist"), open("Call Grandma")));
    }

    @Test
    @Order(2)
    void addedInAAppearsInB() {
        a.add("Buy oat milk");
        b.await("the todo added in A", driver -> b.titles().contains("Buy oat milk"));
        assertThat(a.titles()).endsWith("Buy oat milk");
        assertThat(a.newTitleText()).as("the field is cleared").isEmpty();
        assertThat(b.titles()).containsExactly("Water the plants", "Book the dentist", "Call Grandma", "Buy oat milk");
    }

    @Test
    @Order(3)
    void completedInBShowsCompletedInA() throws Exception {
        b.toggle("Water the plants");
        a.await("Water the plants completed", driver -> a.rows().contains(done("Water the plants")));
        List<Row> expected = List.of(done("Water the plants"), open("Book the dentist"), open("Call Grandma"),
                open("Buy oat milk"));
        awaitBoth(expected);
        assertThat(a.script("return document.querySelector('.todo-count').textContent")).isEqualTo("3 items left");
        saveDocsScreenshot();
    }

    @Test
    @Order(4)
    void deletedInAIsGoneFromB() {
        a.delete("Book the dentist");
        b.await("Book the dentist gone", driver -> b.rowsInTheDocument("Book the dentist") == 0);
        a.await("Book the dentist gone", driver -> a.rowsInTheDocument("Book the dentist") == 0);
        assertThat(b.titles()).containsExactly("Water the plants", "Call Grandma", "Buy oat milk");
    }

    @Test
    @Order(5)
    void aReloadShowsTheSameList() throws Exception {
        List<Row> before = b.rows();
        a.reload();
        assertThat(a.rows()).isEqualTo(before).isEqualTo(serverRows());
    }

    @Test
    @Order(6)
    void aTitleWithMarkupIsShownAsTextAndRunsNothing() {
        for (Browser browser : List.of(a, b)) {
            browser.script("window.alertCalls = 0; window.alert = function () { window.alertCalls++; };");
        }
        a.add(XSS);
        b.await("the markup title", driver -> b.titles().contains(XSS));
        a.await("the markup title", driver -> a.titles().contains(XSS));
        for (Browser browser : List.of(a, b)) {
            assertThat(browser.script("return document.querySelectorAll('.todo-list img').length")).isEqualTo(0L);
            assertThat(browser.script("return Array.from(document.querySelectorAll('.todo-title'))"
                    + ".map(t => t.innerHTML).includes('&lt;img src=x onerror=alert(1)&gt;')")).isEqualTo(true);
            assertThat(browser.script("return window.alertCalls")).as(browser.name + ": alert calls").isEqualTo(0L);
        }
    }

    /**
     * The server stops while both pages stay open; meanwhile another client changes the list (through a second
     * server on the same data directory, so the change is surely made while the pages are away); the server comes
     * back on the same port. Both pages reconnect and show the current list, without a reload.
     */
    @Test
    @Order(7)
    void afterAServerRestartBothPagesCatchUpWithoutAReload() throws Exception {
        for (Browser browser : List.of(a, b)) {
            browser.script("window.sameDocument = true;");
        }
        server.close();
        server = null;
        a.await("the indicator to say reconnecting", driver -> "reconnecting".equals(a.status()));
        b.await("the indicator to say reconnecting", driver -> "reconnecting".equals(b.status()));

        try (DoneTestServer meanwhile = DoneTestServer.start(dataDir, 0);
             TodoClient client = TodoClient.connect(meanwhile.uri())) {
            List<JSONObject> todos = client.all();
            client.create("Added while the pages were away");
            client.patch(idOf(todos, "Call Grandma"), json("title", "Call Grandma back", "completed", true));
            client.delete(idOf(todos, "Buy oat milk"));
        }
        server = DoneTestServer.start(dataDir, port);

        List<Row> expected = serverRows();
        assertThat(expected).containsExactly(done("Water the plants"), done("Call Grandma back"), open(XSS),
                open("Added while the pages were away"));
        awaitBoth(expected);
        a.awaitConnected();
        b.awaitConnected();
        for (Browser browser : List.of(a, b)) {
            assertThat(browser.script("return window.sameDocument === true")).as(browser.name + " not reloaded")
                    .isEqualTo(true);
        }

        try (TodoClient client = TodoClient.connect(server.uri())) {
            client.create("Pushed after the restart");
        }
        awaitBoth(serverRows());
    }

    @Test
    @Order(8)
    void aTitleOf600CharactersShowsTheServersError() throws Exception {
        List<Row> before = serverRows();
        String tooLong = "x".repeat(600);
        a.add(tooLong);
        String error = a.await("the error line", driver -> a.error());
        assertThat(error).isEqualTo("Could not add the todo: field 'title': at most 500 characters, got 600");
        assertThat(a.newTitleText()).as("the text stays, to be fixed").isEqualTo(tooLong);
        assertThat(a.rows()).isEqualTo(before);
        assertThat(b.rows()).isEqualTo(before);
        assertThat(b.error()).as("only the page that tried sees the error").isNull();
        assertThat(serverRows()).isEqualTo(before);
    }

    /**
     * A page that missed a delete (its push listener is dropped here, as a lost push would be) still shows the
     * todo; ticking it gets the server's 404, which the page shows, and the page then reads the list again.
     */
    @Test
    @Order(9)
    void aChangeToATodoDeletedElsewhereShowsTheErrorAndTheListCatchesUp() throws Exception {
        String title = "Deleted behind B's back";
        a.add(title);
        b.await("the new todo", driver -> b.titles().contains(title));
        b.script("done.todos.findWhere({title: arguments[0]}).ioUnbindAll();", title);
        try (TodoClient client = TodoClient.connect(server.uri())) {
            client.delete(idOf(client.all(), title));
        }
        a.await("the todo gone", driver -> !a.titles().contains(title));
        assertThat(b.titles()).as("B missed the push").contains(title);

        b.toggle(title);
        String error = b.await("the error line", driver -> b.error());
        assertThat(error).startsWith("Could not update “" + title + "”: no todo with id '");
        b.await("the stale todo gone", driver -> b.rowsInTheDocument(title) == 0);
        assertThat(b.rows()).isEqualTo(serverRows()).isEqualTo(a.rows());
    }

    private void awaitBoth(List<Row> expected) {
        for (Browser browser : List.of(a, b)) {
            browser.await("the list " + expected + " (it shows " + browser.rows() + ")",
                    driver -> browser.rows().equals(expected));
        }
    }

    private List<Row> serverRows() throws Exception {
        try (TodoClient client = TodoClient.connect(server.uri())) {
            List<Row> rows = new ArrayList<>();
            for (JSONObject todo : client.all()) {
                rows.add(new Row(todo.getString("title"), todo.getBoolean("completed")));
            }
            return rows;
        }
    }

    private static String idOf(List<JSONObject> todos, String title) {
        return todos.stream().filter(todo -> todo.optString("title").equals(title))
                .map(todo -> todo.optString("id")).findFirst().orElseThrow();
    }

    private static Row open(String title) {
        return new Row(title, false);
    }

    private static Row done(String title) {
        return new Row(title, true);
    }

    /**
     * The README's picture: both pages side by side, showing the same list. Written to target/ on every run, and
     * to docs/ only when it looks different from the committed one (so a test run leaves the work tree clean, and
     * a change to the page's looks updates the picture).
     */
    private void saveDocsScreenshot() throws IOException {
        a.settle();
        b.settle();
        BufferedImage left = ImageIO.read(new ByteArrayInputStream(a.screenshot()));
        BufferedImage right = ImageIO.read(new ByteArrayInputStream(b.screenshot()));
        int gap = 12;
        BufferedImage both = new BufferedImage(left.getWidth() + gap + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = both.createGraphics();
        graphics.setColor(new Color(0x9ca3af));
        graphics.fillRect(0, 0, both.getWidth(), both.getHeight());
        graphics.drawImage(left, 0, 0, null);
        graphics.drawImage(right, left.getWidth() + gap, 0, null);
        graphics.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(both, "png", png);
        writeAtomically(Path.of("target", "done-two-browsers.png"), png.toByteArray());
        if (Files.isDirectory(DOCS_SCREENSHOT.getParent())
                && (!Files.exists(DOCS_SCREENSHOT) || !samePixels(ImageIO.read(DOCS_SCREENSHOT.toFile()), both))) {
            writeAtomically(DOCS_SCREENSHOT, png.toByteArray());
        }
    }

    /**
     * Whether the committed picture still shows the page: same size, and at most 0.1% of the pixels differ
     * (Chromium's anti-aliasing of a few circle edges varies between runs; a change to the page's looks moves far
     * more).
     */
    private static boolean samePixels(BufferedImage committed, BufferedImage fresh) {
        if (committed == null || committed.getWidth() != fresh.getWidth() || committed.getHeight() != fresh.getHeight()) {
            return false;
        }
        long differing = 0;
        for (int y = 0; y < fresh.getHeight(); y++) {
            for (int x = 0; x < fresh.getWidth(); x++) {
                if ((committed.getRGB(x, y) & 0xffffff) != (fresh.getRGB(x, y) & 0xffffff)) {
                    differing++;
                }
            }
        }
        return differing * 1000 <= (long) fresh.getWidth() * fresh.getHeight();
    }

    private void saveFailureScreenshots(String step) {
        for (Browser browser : new Browser[] {a, b}) {
            if (browser == null) {
                continue;
            }
            try {
                writeAtomically(FAILURES.resolve(step + "-" + browser.name + ".png"), browser.screenshot());
            } catch (RuntimeException | IOException unavailable) {
                System.err.println("no screenshot of " + browser.name + " after " + step + ": " + unavailable);
            }
        }
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        Files.write(temporary, bytes);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
