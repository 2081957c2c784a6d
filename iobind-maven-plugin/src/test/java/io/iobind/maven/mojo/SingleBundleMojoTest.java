package io.iobind.maven.mojo;

import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * iobind:build-iobind and iobind:build-iosync as Maven wires them, each test once per goal: only the goal's own
 * bundle, with the build parameters, user properties and skip switches they share with build-all (checked in full in
 * {@link BuildAllMojoTest}).
 */
@ExtendWith(SingleBundleMojoTest.EachGoal.class)
class SingleBundleMojoTest extends MojoHarness {

    /** A single-bundle goal, its mojo class and the one bundle it builds. */
    record Goal(String name, Class<? extends AbstractBuildMojo> type, String bundle) {
    }

    static final List<Goal> GOALS = List.of(new Goal("build-iobind", BuildIobindMojo.class, "backbone.iobind"),
            new Goal("build-iosync", BuildIosyncMojo.class, "backbone.iosync"));

    /** A user property that skips the goal, set to true before the mojo is configured. */
    record SkipSwitch(String property) {
    }

    static final List<SkipSwitch> SKIP_SWITCHES = List.of(new SkipSwitch("iobind.build.skip"), new SkipSwitch("iobind.skip"));

    @TestTemplate
    @Basedir("src/test/resources/unit/build-defaults")
    void buildsOnlyItsBundleWithTheSharedDefaults(Goal goal, AbstractBuildMojo mojo) throws Exception {
        assertThat(mojo).isExactlyInstanceOf(goal.type());
        assertThat(mojo.bundleNames()).containsExactly(goal.bundle());
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("lib"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("dist"));
        assertThat(value(mojo, "version")).isEqualTo(PROJECT_VERSION);
        assertThat(value(mojo, "compilationLevel")).isEqualTo("SIMPLE");
        assertThat(value(mojo, "sourceMaps")).isEqualTo(true);
        assertThat(value(mojo, "stateDirectory")).isEqualTo(inBasedir("target/iobind-build"));
    }

    @TestTemplate
    @Basedir("src/test/resources/unit/build-configured")
    void sharesThePluginConfiguration(AbstractBuildMojo mojo) throws Exception {
        assertThat(value(mojo, "sourceDirectory")).isEqualTo(inBasedir("src/js"));
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("target/js-out"));
        assertThat((List<?>) value(mojo, "bundles")).hasSize(2);
        assertThat(value(mojo, "banner")).isEqualTo("/*! @BUNDLE @VERSION */");
    }

    @TestTemplate
    @Basedir("src/test/resources/unit/build-defaults")
    @UserProperties({"iobind.build.outputDirectory=dist-single", "iobind.build.version=7.0.0", "iobind.build.force=true"})
    void userProperties(AbstractBuildMojo mojo) throws Exception {
        assertThat(value(mojo, "outputDirectory")).isEqualTo(inBasedir("dist-single"));
        assertThat(value(mojo, "version")).isEqualTo("7.0.0");
        assertThat(value(mojo, "force")).isEqualTo(true);
    }

    @TestTemplate
    @Basedir("src/test/resources/unit/build-defaults")
    void skipSwitchSkipsWithOneLine(Goal goal, SkipSwitch skip, AbstractBuildMojo mojo) throws Exception {
        RecordingLog log = recordLog(mojo);
        mojo.execute();
        assertThat(log.lines).containsExactly("[INFO] Skipping iobind:" + goal.name() + ": " + skip.property() + " is true.");
    }

    /**
     * Runs each test once per {@link #GOALS goal} (and, for a test that takes a {@link SkipSwitch}, once per goal and
     * switch), with that goal and its mojo as parameters. The mojo is the harness's, as
     * {@code @InjectMojo(goal = ..., pom = "pom.xml")} would give it: an annotation takes only one fixed goal.
     */
    static final class EachGoal implements TestTemplateInvocationContextProvider {

        @Override
        public boolean supportsTestTemplate(ExtensionContext context) {
            return true;
        }

        @Override
        public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
            boolean takesSwitch = List.of(context.getRequiredTestMethod().getParameterTypes()).contains(SkipSwitch.class);
            List<SkipSwitch> switches = takesSwitch ? SKIP_SWITCHES : Collections.singletonList(null);
            return GOALS.stream().flatMap(goal -> switches.stream().map(skip -> new TestTemplateInvocationContext() {
                @Override
                public String getDisplayName(int invocationIndex) {
                    return goal.name() + (skip == null ? "" : ", " + skip.property() + "=true");
                }

                @Override
                public List<Extension> getAdditionalExtensions() {
                    return List.of(new GoalResolver(goal, skip));
                }
            }));
        }
    }

    /**
     * Resolves a test's {@link Goal} and {@link SkipSwitch} parameters, and its mojo parameter to the harness's mojo of
     * that goal, configured with the switch's user property (when there is one) set as {@code @UserProperties} would.
     */
    private record GoalResolver(Goal goal, SkipSwitch skip) implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == Goal.class || type == SkipSwitch.class || type == AbstractBuildMojo.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            if (type == Goal.class) {
                return goal;
            }
            if (type == SkipSwitch.class) {
                return skip;
            }
            if (skip != null) {
                ((MojoHarness) context.getRequiredTestInstance()).session.getUserProperties().setProperty(skip.property(), "true");
            }
            return new MojoExtension().resolveParameter(new InjectingParameter(parameter, injectMojo()), context);
        }

        private InjectMojo injectMojo() {
            return new InjectMojo() {
                @Override
                public String goal() {
                    return goal.name();
                }

                @Override
                public String pom() {
                    return "pom.xml";
                }

                @Override
                public Class<? extends Annotation> annotationType() {
                    return InjectMojo.class;
                }
            };
        }
    }

    /** A test method's parameter as the harness sees it when it is annotated with {@code inject}. */
    private record InjectingParameter(ParameterContext parameter, InjectMojo inject) implements ParameterContext {

        @Override
        public Parameter getParameter() {
            return parameter.getParameter();
        }

        @Override
        public int getIndex() {
            return parameter.getIndex();
        }

        @Override
        public Optional<Object> getTarget() {
            return parameter.getTarget();
        }

        @Override
        public <A extends Annotation> Optional<A> findAnnotation(Class<A> annotationType) {
            return annotationType == InjectMojo.class ? Optional.of(annotationType.cast(inject)) : parameter.findAnnotation(annotationType);
        }
    }
}
