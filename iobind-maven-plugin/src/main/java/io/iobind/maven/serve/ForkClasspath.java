package io.iobind.maven.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipFile;

/**
 * Decides what the server JVM's class path needs besides the project's runtime class path: the launcher
 * (iobind-server) when the project serves static files only and does not depend on it, and an SLF4J provider
 * when the class path has none, so the server's log shows instead of SLF4J's "no providers" warning.
 */
public final class ForkClasspath {

    /** {@code groupId:artifactId:version} of iobind-server, the version of this plugin. */
    public static final String SERVER;
    /** {@code groupId:artifactId:version} of the SLF4J provider added when the project has none. */
    public static final String LOGGING;

    static {
        Properties properties = new Properties();
        try (InputStream in = ForkClasspath.class.getResourceAsStream("launcher.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("launcher.properties is missing from the plugin jar", e);
        }
        SERVER = properties.getProperty("server");
        LOGGING = properties.getProperty("logging");
    }

    /**
     * System properties for the provider this plugin adds (slf4j-simple): to standard output, which Maven shows
     * as info, with short logger names and no thread names; Jetty and the server's start/stop lines only from
     * warnings up.
     */
    public static final List<String> LOGGING_PROPERTIES = List.of(
            "-Dorg.slf4j.simpleLogger.logFile=System.out",
            "-Dorg.slf4j.simpleLogger.showThreadName=false",
            "-Dorg.slf4j.simpleLogger.showShortLogName=true",
            "-Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=warn",
            // It says what the launcher's own lines say.
            "-Dorg.slf4j.simpleLogger.log.io.iobind.server.IobindServer=warn");

    private ForkClasspath() {
    }

    /** True when one of the jars or folders declares an SLF4J 2 provider. */
    public static boolean hasSlf4jProvider(List<Path> classpath) {
        String service = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
        for (Path element : classpath) {
            if (Files.isDirectory(element)) {
                if (Files.isRegularFile(element.resolve(service))) {
                    return true;
                }
            } else if (Files.isRegularFile(element) && element.toString().endsWith(".jar")) {
                try (ZipFile jar = new ZipFile(element.toFile())) {
                    if (jar.getEntry(service) != null) {
                        return true;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + element + ": " + e.getMessage(), e);
                }
            }
        }
        return false;
    }
}
