package io.iobind.maven.jstest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReportsTest {

    @TempDir
    Path reports;

    private static final SpecFileResult RED = new SpecFileResult("js-src/test/sync.spec.js", List.of(
            TestCaseResult.passed("sync emits create", "emits create", 12),
            new TestCaseResult("sync patch sends the id", "sends the id", TestOutcome.FAILURE, 3, "AssertionError",
                    "expected 'a' to equal 'b' <&>", "    at Context.<anonymous> (js-src/test/sync.spec.js:41:9)\n"),
            new TestCaseResult("sync errors", "errors", TestOutcome.ERROR, 1, "TypeError", "x is not a function\u0001", null),
            TestCaseResult.skipped("sync later", "later")), 1500, "console says hi\n");

    @Test
    void junitXmlCountsEachOutcomeAndKeepsMessagesReadable() throws Exception {
        Path file = new JUnitXmlReport(reports).write(RED);

        assertThat(file.getFileName()).hasToString("TEST-js-src.test.sync.spec.xml");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element suite = xml.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("time")).isEqualTo("1.500");
        Element failure = (Element) suite.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("expected 'a' to equal 'b' <&>");
        assertThat(failure.getTextContent()).contains("js-src/test/sync.spec.js:41:9");
        assertThat(((Element) failure.getParentNode()).getAttribute("name")).isEqualTo("sync patch sends the id");
        assertThat(suite.getElementsByTagName("system-out").item(0).getTextContent()).isEqualTo("console says hi\n");
        try (var left = Files.list(reports)) {
            assertThat(left).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void consoleUsesSurefiresWordsAndPointsAtTheSpecLine() {
        List<String> lines = new ArrayList<>();
        ConsoleReport report = new ConsoleReport((level, line) -> lines.add(level + " " + line), false);

        report.file(RED);
        report.summary(new RunSummary(List.of(RED)));

        assertThat(lines).contains(
                "INFO console says hi",
                "ERROR Tests run: 4, Failures: 1, Errors: 1, Skipped: 1, Time elapsed: 1.500 s <<< FAILURE! - in js-src/test/sync.spec.js",
                "ERROR sync patch sends the id  Time elapsed: 0.003 s  <<< FAILURE!",
                "ERROR AssertionError: expected 'a' to equal 'b' <&>",
                "ERROR   js-src/test/sync.spec.js:41 sync patch sends the id: expected 'a' to equal 'b' <&>",
                "ERROR Tests run: 4, Failures: 1, Errors: 1, Skipped: 1");
    }
}
