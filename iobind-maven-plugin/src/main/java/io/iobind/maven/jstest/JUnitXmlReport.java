package io.iobind.maven.jstest;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes one {@code TEST-<name>.xml} per spec file in the JUnit/Surefire XML format that CI servers read. The
 * suite name is the spec file's path with dots ({@code js-src/test/sync.spec.js} gives {@code js-src.test.sync.spec}).
 */
public final class JUnitXmlReport {

    private final Path directory;

    public JUnitXmlReport(Path directory) {
        this.directory = directory;
    }

    public static String suiteName(String displayName) {
        String name = displayName.endsWith(".js") ? displayName.substring(0, displayName.length() - 3) : displayName;
        return name.replace('/', '.').replace('\\', '.').replaceAll("^\\.+", "");
    }

    /** Writes the file atomically and returns its path. */
    public Path write(SpecFileResult result) throws IOException {
        Files.createDirectories(directory);
        String suite = suiteName(result.displayName());
        Path target = directory.resolve("TEST-" + suite + ".xml");
        Path temp = Files.createTempFile(directory, ".TEST-", ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(writer);
                xml.writeStartDocument("UTF-8", "1.0");
                xml.writeCharacters("\n");
                xml.writeStartElement("testsuite");
                xml.writeAttribute("name", suite);
                xml.writeAttribute("tests", Integer.toString(result.tests().size()));
                xml.writeAttribute("failures", Long.toString(result.count(TestOutcome.FAILURE)));
                xml.writeAttribute("errors", Long.toString(result.count(TestOutcome.ERROR)));
                xml.writeAttribute("skipped", Long.toString(result.count(TestOutcome.SKIPPED)));
                xml.writeAttribute("time", ConsoleReport.seconds(result.millis()));
                xml.writeAttribute("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                xml.writeAttribute("file", result.displayName());
                xml.writeCharacters("\n");
                for (TestCaseResult test : result.tests()) {
                    xml.writeCharacters("  ");
                    xml.writeStartElement("testcase");
                    xml.writeAttribute("name", test.fullTitle());
                    xml.writeAttribute("classname", suite);
                    xml.writeAttribute("time", ConsoleReport.seconds(test.millis()));
                    switch (test.outcome()) {
                        case FAILURE, ERROR -> {
                            xml.writeStartElement(test.outcome() == TestOutcome.FAILURE ? "failure" : "error");
                            xml.writeAttribute("message", clean(test.message()));
                            xml.writeAttribute("type", clean(test.errorType()));
                            xml.writeCharacters(clean(test.errorType() + ": " + test.message()
                                    + (test.stack() == null ? "" : "\n" + test.stack())));
                            xml.writeEndElement();
                        }
                        case SKIPPED -> xml.writeEmptyElement("skipped");
                        default -> { }
                    }
                    xml.writeEndElement();
                    xml.writeCharacters("\n");
                }
                xml.writeCharacters("  ");
                xml.writeStartElement("system-out");
                xml.writeCharacters(clean(result.output()));
                xml.writeEndElement();
                xml.writeCharacters("\n");
                xml.writeEndElement();
                xml.writeCharacters("\n");
                xml.writeEndDocument();
                xml.close();
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (XMLStreamException e) {
            throw new IOException("Cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** XML 1.0 cannot carry most control characters; a spec's output or message may contain them. */
    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c > 0xFFFF;
            out.appendCodePoint(allowed ? c : '?');
        });
        return out.toString();
    }
}
