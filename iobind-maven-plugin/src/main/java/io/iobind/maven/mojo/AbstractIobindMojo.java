package io.iobind.maven.mojo;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every iobind goal shares: the {@code iobind.skip} switch, the source encoding and the current project.
 * Subclasses put their work in {@link #run()} and may add their own skip reasons through {@link #skipReason()}.
 */
public abstract class AbstractIobindMojo extends AbstractMojo {

    /** Skips every iobind goal. */
    @Parameter(property = "iobind.skip", defaultValue = "false")
    protected boolean skip;

    /** Encoding of the JavaScript sources and of what the goals write. */
    @Parameter(property = "iobind.encoding", defaultValue = "${project.build.sourceEncoding}")
    protected String encoding;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            logSkip("iobind.skip is true.");
            return;
        }
        String reason = skipReason();
        if (reason != null) {
            logSkip(reason);
            return;
        }
        run();
    }

    /** The goal's work; called only when nothing asked to skip it. */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /** A one-line reason to skip this goal in this project (which property or missing input), or null to run. */
    protected String skipReason() {
        return null;
    }

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    /** The goal's name without the plugin prefix, e.g. {@code build-all}, as Maven runs it. */
    protected final String goal() {
        return mojoExecution.getGoal();
    }

    /** The one info line every goal logs when it does no work: {@code Skipping iobind:<goal>: <reason>}. */
    protected final void logSkip(String reason) {
        getLog().info("Skipping iobind:" + goal() + ": " + reason);
    }

    /** The configured encoding, UTF-8 when the project declares none. */
    protected Charset charset() throws MojoExecutionException {
        if (encoding == null || encoding.isBlank()) {
            return java.nio.charset.StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(encoding.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new MojoExecutionException("Unknown encoding '" + encoding + "' (parameter encoding / iobind.encoding).", e);
        }
    }
}
