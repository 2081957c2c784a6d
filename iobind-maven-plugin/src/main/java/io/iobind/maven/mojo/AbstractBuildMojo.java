package io.iobind.maven.mojo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.maven.model.License;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;

import io.iobind.maven.bundle.BuildSettings;
import io.iobind.maven.bundle.BundleBuilder;
import io.iobind.maven.bundle.BundleCompilationException;
import io.iobind.maven.bundle.BundleConfigurationException;
import io.iobind.maven.bundle.BundleSpec;
import io.iobind.maven.bundle.MinificationLevel;
import io.iobind.maven.bundle.SourceProblem;
import io.iobind.maven.util.CoreLog;
import io.iobind.maven.util.PathNames;

/**
 * Parameters shared by the build goals; each goal only says which bundles it builds.
 * The work is done by {@link BundleBuilder}; this class turns parameters into its settings and its
 * exceptions into Maven's.
 */
public abstract class AbstractBuildMojo extends AbstractIobindMojo {

    /** Folder holding the bundles' source files. A project without it is skipped with a note. */
    @Parameter(property = "iobind.build.sourceDirectory", defaultValue = "${project.basedir}/lib")
    protected File sourceDirectory;

    /** Folder the bundles are written to: {@code <bundle>.js}, {@code <bundle>.min.js}, {@code <bundle>.min.js.map}. */
    @Parameter(property = "iobind.build.outputDirectory", defaultValue = "${project.basedir}/dist")
    protected File outputDirectory;

    /**
     * The bundles and their source files in concatenation order, e.g.
     * {@code <bundles><bundle><name>my.lib</name><files><file>a.js</file><file>b.js</file></files></bundle></bundles>}.
     * A bundle is wrapped in UMD only when it names what the wrapper needs: its {@code global}, its {@code exports}, its
     * {@code dependencies} ({@code <dependency><module>backbone</module><global>Backbone</global></dependency>});
     * else its sources are concatenated as they are. Default: {@code backbone.iosync} = {@code socket.js, sync.js};
     * {@code backbone.iobind} = {@code socket.js, bind.js, model.js, collection.js}; both depend on backbone
     * ({@code Backbone}) and underscore ({@code _}) and export {@code Backbone}.
     */
    @Parameter
    protected List<Bundle> bundles;

    /** Replaces {@code @VERSION} in the sources and the banner. */
    @Parameter(property = "iobind.build.version", defaultValue = "${project.version}")
    protected String version;

    /** Replaces {@code @LICENSE} in the banner. Default: the names of the project's licenses. */
    @Parameter(property = "iobind.build.license")
    protected String license;

    /**
     * Comment put on top of both the {@code .js} and the {@code .min.js}. Placeholders: {@code @BUNDLE} (bundle
     * name), {@code @VERSION}, {@code @LICENSE} (when no license is known, a line naming it is left out; on the
     * comment's opening or closing line only {@code @LICENSE} goes, with the separator before it, e.g. {@code  | }).
     * Start it with {@code /*!} so later minifiers keep it. Default: a three-line comment with all three.
     */
    @Parameter(property = "iobind.build.banner")
    protected String banner;

    /** Closure Compiler level for the {@code .min.js}: {@code WHITESPACE_ONLY}, {@code SIMPLE} or {@code ADVANCED}. */
    @Parameter(property = "iobind.build.compilationLevel", defaultValue = "SIMPLE")
    protected String compilationLevel;

    /**
     * Language the sources are written in, as Closure names it ({@code ECMASCRIPT5}, {@code ECMASCRIPT_2015},
     * ... {@code STABLE}). ES5 by default because the unminified {@code .js} ships the sources as written.
     */
    @Parameter(property = "iobind.build.languageIn", defaultValue = BuildSettings.DEFAULT_LANGUAGE_IN)
    protected String languageIn;

    /** Language of the {@code .min.js}; Closure transpiles down to it. */
    @Parameter(property = "iobind.build.languageOut", defaultValue = BuildSettings.DEFAULT_LANGUAGE_OUT)
    protected String languageOut;

    /** Writes {@code <bundle>.min.js.map}, pointing at the source files, and a {@code sourceMappingURL} line. */
    @Parameter(property = "iobind.build.sourceMaps", defaultValue = "true")
    protected boolean sourceMaps;

    /** File whose text replaces every bundle's wrapper start (the sources follow it). Use together with suffixFile. */
    @Parameter(property = "iobind.build.prefixFile")
    protected File prefixFile;

    /** File whose text replaces every bundle's wrapper end. */
    @Parameter(property = "iobind.build.suffixFile")
    protected File suffixFile;

    /**
     * Extern files for Closure: declarations of names defined outside the bundle that must keep their names.
     * Only needed with {@code ADVANCED} (which also gets Closure's built-in browser externs), e.g. for
     * Backbone's API and the library's public methods.
     */
    @Parameter
    protected List<File> externs;

    /** Rebuilds even when nothing changed since the last build (outputs are still only written when they differ). */
    @Parameter(property = "iobind.build.force", defaultValue = "false")
    protected boolean force;

    /** Skips the build goals only. */
    @Parameter(property = "iobind.build.skip", defaultValue = "false")
    protected boolean skipBuild;

    /** Where fingerprints of the last build are kept, for the up-to-date check. */
    @Parameter(defaultValue = "${project.build.directory}/iobind-build", readonly = true)
    protected File stateDirectory;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    protected PluginDescriptor plugin;

    /** The bundles this goal builds, by name; null for all configured bundles. */
    protected abstract List<String> bundleNames();

    @Override
    protected String skipReason() {
        if (skipBuild) {
            return "iobind.build.skip is true.";
        }
        if (!sourceDirectory.isDirectory()) {
            return "no source directory " + sourceDirectory
                    + " (parameter sourceDirectory, property iobind.build.sourceDirectory).";
        }
        return null;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        BundleBuilder builder = new BundleBuilder(buildSettings(), buildLog());
        try {
            List<String> names = bundleNames();
            if (names == null) {
                builder.buildAll();
            } else {
                builder.build(names);
            }
        } catch (BundleCompilationException e) {
            for (SourceProblem problem : e.problems()) {
                getLog().error(problem.toString());
            }
            throw new MojoFailureException(e.getMessage(), e);
        } catch (BundleConfigurationException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** The builder's log: Maven's. */
    protected CoreLog buildLog() {
        return MavenLogs.core(getLog());
    }

    /** The build parameters as {@link BundleBuilder}'s settings; also what {@code iobind:serve} rebuilds with. */
    protected BuildSettings buildSettings() throws MojoExecutionException {
        return buildSettings(outputDirectory.toPath(), force ? null : stateDirectory.toPath());
    }

    /** The same settings writing elsewhere, e.g. for {@code iobind:serve}'s warm-up build; state null for no up-to-date check. */
    protected BuildSettings buildSettings(java.nio.file.Path output, java.nio.file.Path state) throws MojoExecutionException {
        MinificationLevel level;
        try {
            level = MinificationLevel.parse(compilationLevel);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage() + " (parameter compilationLevel / iobind.build.compilationLevel)", e);
        }
        BuildSettings.Builder settings = BuildSettings.builder()
                .sourceDirectory(sourceDirectory.toPath())
                .outputDirectory(output)
                .reportBaseDirectory(project.getBasedir().toPath())
                .stateDirectory(state)
                .version(version)
                .license(license != null ? license : projectLicenses())
                .bannerTemplate(banner)
                .level(level)
                .languageIn(languageIn)
                .languageOut(languageOut)
                .sourceMaps(sourceMaps)
                .charset(charset())
                .externs(externs == null ? List.of() : externs.stream().map(File::toPath).toList())
                .toolVersion(plugin.getGroupId() + ":" + plugin.getArtifactId() + ":" + plugin.getVersion());
        if (bundles != null && !bundles.isEmpty()) {
            settings.bundles(bundleSpecs(bundles));
        }
        if ((prefixFile == null) != (suffixFile == null)) {
            throw new MojoExecutionException("Set both prefixFile and suffixFile, or neither: a wrapper needs both halves.");
        }
        if (prefixFile != null) {
            settings.prefix(wrapperPart(prefixFile, "prefixFile")).suffix(wrapperPart(suffixFile, "suffixFile"));
        }
        return settings.build();
    }

    /** The configured bundles as the builder's specs. */
    static List<BundleSpec> bundleSpecs(List<Bundle> bundles) {
        List<BundleSpec> specs = new ArrayList<>();
        for (Bundle bundle : bundles) {
            List<BundleSpec.Dependency> dependencies = new ArrayList<>();
            if (bundle.getDependencies() != null) {
                for (Dependency dependency : bundle.getDependencies()) {
                    dependencies.add(new BundleSpec.Dependency(trimmed(dependency.getModule()), trimmed(dependency.getGlobal())));
                }
            }
            specs.add(new BundleSpec(bundle.getName(), bundle.getFiles() == null ? List.of() : bundle.getFiles(),
                    trimmed(bundle.getGlobal()), trimmed(bundle.getExports()), dependencies));
        }
        return specs;
    }

    /** A configured text without the blanks Maven keeps around it; null when empty. */
    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private BuildSettings.WrapperPart wrapperPart(File file, String parameter) throws MojoExecutionException {
        try {
            String label = PathNames.relative(project.getBasedir().toPath(), file.toPath());
            return new BuildSettings.WrapperPart(label, Files.readString(file.toPath(), charset()));
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot read " + file + " (parameter " + parameter + "): " + e, e);
        }
    }

    private String projectLicenses() {
        List<License> licenses = project.getLicenses();
        if (licenses == null) {
            return "";
        }
        return licenses.stream().map(License::getName).filter(name -> name != null && !name.isBlank())
                .collect(Collectors.joining(", "));
    }
}
