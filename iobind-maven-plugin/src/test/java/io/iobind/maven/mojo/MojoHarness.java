package io.iobind.maven.mojo;

import java.io.File;
import java.nio.file.Path;
import java.util.Properties;

import javax.inject.Inject;

import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Build;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.LocalRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

/**
 * The mojos as Maven wires them, with maven-plugin-testing-harness (JUnit 5): the plugin descriptor the build
 * generated, each test's POM configuration ({@code @InjectMojo}), the user properties of {@link UserProperties}, and
 * Maven's own expression evaluator. The harness's stand-ins for the session, project and execution are given what
 * a real build has: a build directory, a version, the source encoding, Maven settings, a local repository (in
 * {@link #temp}), the goal's name.
 */
@MojoTest
abstract class MojoHarness {

    /** The project version the stand-in project reports ({@code ${project.version}}). */
    static final String PROJECT_VERSION = "2.5.0";

    @Inject
    MavenSession session;

    @Inject
    MavenProject project;

    @Inject
    MojoExecution execution;

    /**
     * A fresh folder for tests that run a mojo (a {@code @TempDir} parameter would compete with the harness, which
     * resolves every parameter of an {@code @InjectMojo} method).
     */
    @TempDir
    Path temp;

    /** The Maven settings the session reports ({@code settings.xml}); tests add proxies to it. */
    final Settings settings = new Settings();

    @BeforeEach
    void prepareTheBuild(TestInfo test) {
        File basedir = basedir();
        Build build = new Build();
        build.setDirectory(new File(basedir, "target").getPath());
        build.setOutputDirectory(new File(basedir, "target/classes").getPath());
        lenient().when(project.getBuild()).thenReturn(build);
        lenient().when(project.getVersion()).thenReturn(PROJECT_VERSION);
        project.getProperties().setProperty("project.build.sourceEncoding", "UTF-8");
        lenient().when(session.getSettings()).thenReturn(settings);
        RepositorySystemSession repositories = mock(RepositorySystemSession.class);
        lenient().when(repositories.getLocalRepository()).thenReturn(new LocalRepository(temp.resolve("m2").toFile()));
        lenient().when(session.getRepositorySession()).thenReturn(repositories);
        // Maven's MojoExecution names its goal after its descriptor, which the harness sets on its stand-in.
        lenient().when(execution.getGoal()).thenAnswer(call -> execution.getMojoDescriptor().getGoal());
        Properties user = session.getUserProperties();
        user.clear();
        UserProperties properties = test.getTestMethod().map(method -> method.getAnnotation(UserProperties.class)).orElse(null);
        if (properties != null) {
            for (String property : properties.value()) {
                int equals = property.indexOf('=');
                user.setProperty(property.substring(0, equals), property.substring(equals + 1));
            }
        }
    }

    /** The folder of the test's {@code @Basedir}, as the stand-in project reports it. */
    static File basedir() {
        return new File(MojoExtension.getBasedir()).getAbsoluteFile();
    }

    /** A file under the test's base folder, as Maven resolves a relative path there. */
    static File inBasedir(String path) {
        return new File(basedir(), path).toPath().normalize().toFile();
    }

    /** A parameter's value, read from the mojo's field of that name. */
    static Object value(Object mojo, String field) throws IllegalAccessException {
        return MojoExtension.getVariableValueFromObject(mojo, field);
    }

    /** Sets a parameter's field, for tests that point a mojo at a temporary folder before running it. */
    static void set(Object mojo, String field, Object value) throws IllegalAccessException {
        MojoExtension.setVariableValueToObject(mojo, field, value);
    }

    /** Gives the mojo a recording log, so what it logs is asserted rather than printed. */
    static RecordingLog recordLog(Mojo mojo) {
        RecordingLog log = new RecordingLog();
        mojo.setLog(log);
        return log;
    }
}
