package io.iobind.maven.npm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the npm registry the way npm itself is configured, highest precedence first: an explicit setting (the
 * plugin parameter), the {@code npm_config_registry} environment variable, the project's {@code .npmrc}, the
 * user's {@code .npmrc} ({@code npm_config_userconfig} or {@code ~/.npmrc}), then {@code npm config get registry}
 * when npm is installed. No registry host is built in: with none of these, {@link #locate()} says so.
 */
public final class RegistryLocator {

    /** Runs {@code npm config get registry}; empty when npm is missing or fails. Replaceable in tests. */
    public interface NpmCommand {
        Optional<String> configGetRegistry(Path workingDirectory);
    }

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    private final String explicitRegistry;
    private final Map<String, String> environment;
    private final Path projectDirectory;
    private final Path userHome;
    private final NpmCommand npmCommand;

    public RegistryLocator(String explicitRegistry, Map<String, String> environment, Path projectDirectory, Path userHome,
            NpmCommand npmCommand) {
        this.explicitRegistry = explicitRegistry;
        this.environment = environment;
        this.projectDirectory = projectDirectory;
        this.userHome = userHome;
        this.npmCommand = npmCommand;
    }

    /** A locator reading this process's environment, home folder and PATH. */
    public static RegistryLocator forProject(String explicitRegistry, Path projectDirectory) {
        return new RegistryLocator(explicitRegistry, System.getenv(), projectDirectory,
                Path.of(System.getProperty("user.home")), RegistryLocator::runNpmConfigGet);
    }

    public Registry locate() throws NpmException {
        if (explicitRegistry != null && !explicitRegistry.isBlank()) {
            return Registry.of(explicitRegistry, "the plugin parameter npmRegistry (iobind.npm.registry)");
        }
        Optional<String> fromEnvironment = environmentValue("npm_config_registry");
        if (fromEnvironment.isPresent()) {
            return Registry.of(fromEnvironment.get(), "the npm_config_registry environment variable");
        }
        List<Path> npmrcFiles = new ArrayList<>();
        npmrcFiles.add(projectDirectory.resolve(".npmrc"));
        npmrcFiles.add(environmentValue("npm_config_userconfig").map(Path::of).orElse(userHome.resolve(".npmrc")));
        for (Path npmrc : npmrcFiles) {
            Optional<String> value = readNpmrc(npmrc).entrySet().stream()
                    .filter(e -> e.getKey().equals("registry")).map(Map.Entry::getValue).findFirst();
            if (value.isPresent()) {
                return Registry.of(value.get(), npmrc.toString());
            }
        }
        Optional<String> fromNpm = npmCommand.configGetRegistry(projectDirectory);
        if (fromNpm.isPresent()) {
            return Registry.of(fromNpm.get(), "'npm config get registry'");
        }
        throw new NpmException("No npm registry is configured, so third-party JavaScript cannot be fetched. "
                + "Set one the npm way (the npm_config_registry environment variable, or 'registry=<url>' in "
                + projectDirectory.resolve(".npmrc") + " or " + npmrcFiles.get(1) + "), install npm, "
                + "or pass -Diobind.npm.registry=<url>.");
    }

    private Optional<String> environmentValue(String name) {
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isBlank()) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** The {@code key=value} lines of an .npmrc (ini style, {@code ;}/{@code #} comments, {@code ${VAR}} expanded). */
    Map<String, String> readNpmrc(Path npmrc) throws NpmException {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(npmrc)) {
            return values;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(npmrc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NpmException("Cannot read " + npmrc + ": " + e.getMessage(), e);
        }
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#") || line.startsWith("[")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String key = line.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            String value = unquote(line.substring(equals + 1).trim());
            // npm reads an .npmrc top to bottom, so a repeated key's last value wins.
            values.put(key, expand(value));
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private String expand(String value) {
        Matcher matcher = ENV_REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(environmentValue(matcher.group(1)).orElse("")));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Optional<String> runNpmConfigGet(Path workingDirectory) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        List<String> command = windows ? List.of("cmd", "/c", "npm", "config", "get", "registry")
                : List.of("npm", "config", "get", "registry");
        try {
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String value = output.toString(StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 && value.startsWith("http") ? Optional.of(value) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // npm is not on PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
