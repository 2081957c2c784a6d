package io.iobind.maven.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another project's bundles, as build-all wraps them, loaded in GraalJS the three ways a page or a module system
 * loads a UMD file: CommonJS ({@code require}), AMD ({@code define}) and a plain script with browser globals.
 */
class UmdBundleTest {

    private static final String CORE_JS = "var Widgets = { made: [] };\n";
    private static final String WIDGETS_JS = String.join("\n",
            "Widgets.greet = function (name) {",
            "  return 'Hello ' + name + ' from Backbone ' + Backbone.VERSION + ' and ' + _.name;",
            "};",
            "");

    private static final List<BundleSpec.Dependency> BACKBONE_AND_UNDERSCORE =
            List.of(new BundleSpec.Dependency("backbone", "Backbone"), new BundleSpec.Dependency("underscore", "_"));

    private static Engine engine;

    @TempDir
    Path temp;

    @BeforeAll
    static void startEngine() {
        engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Test
    void aBundleNamingItsGlobalAndDependenciesIsAUmdModuleOfItsOwn() throws Exception {
        SampleProject project = widgetsProject(BundleSpec.of("my.widgets", "core.js", "widgets.js")
                .withUmd("Widgets", null, BACKBONE_AND_UNDERSCORE));
        String js = project.dist("my.widgets.js");
        assertThat(js).contains("define(['backbone', 'underscore'], function (Backbone, _) {")
                .contains("root.Widgets = factory(root, root.Backbone, root._);")
                .endsWith("  return Widgets;\n}));\n")
                .doesNotContain("return Backbone;");

        for (String file : List.of("my.widgets.js", "my.widgets.min.js")) {
            String code = project.dist(file);
            assertThat(commonJs(code, "module.exports.greet('Ann')")).as(file)
                    .isEqualTo("Hello Ann from Backbone 1.6.0 and underscore|required backbone,underscore");
            assertThat(amd(code, "module.greet('Bo')")).as(file)
                    .isEqualTo("Hello Bo from Backbone 1.6.0 and underscore|define backbone,underscore");
            assertThat(script(code, "Widgets.greet('Cy')")).as(file).isEqualTo("Hello Cy from Backbone 1.6.0 and underscore");
        }
    }

    @Test
    void aBundleWithAGlobalAndNoDependenciesRequiresNothing() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.write("core.js", CORE_JS + "Widgets.answer = 42;\n");
        project.builder(project.settings().bundles(List.of(BundleSpec.of("my.core", "core.js").withUmd("Widgets", null, List.of())))
                .build()).buildAll();
        assertThat(project.dist("my.core.js")).contains("define([], function () {").contains("module.exports = factory(root);");
        for (String file : List.of("my.core.js", "my.core.min.js")) {
            String code = project.dist(file);
            assertThat(commonJs(code, "module.exports.answer")).as(file).isEqualTo("42|required ");
            assertThat(amd(code, "module.answer")).as(file).isEqualTo("42|define ");
            assertThat(script(code, "Widgets.answer")).as(file).isEqualTo("42");
        }
    }

    @Test
    void aBundleNamingNothingIsItsSourcesAsTheyAre() throws Exception {
        SampleProject project = widgetsProject(BundleSpec.of("my.widgets", "core.js", "widgets.js"));
        String js = project.dist("my.widgets.js");
        assertThat(js).isEqualTo("/*!\n * my.widgets 1.2.3-test\n * Released under the MIT license.\n */\n" + CORE_JS + WIDGETS_JS);
        // Required, it runs without asking for any module and exports nothing; as a script, its names are globals.
        assertThat(commonJs(js, "Object.keys(module.exports).length")).isEqualTo("0|required ");
        assertThat(script(project.dist("my.widgets.min.js"), "Widgets.greet('Di')"))
                .isEqualTo("Hello Di from Backbone 1.6.0 and underscore");
    }

    @Test
    void backboneIobindsOwnBundlesExportBackboneTheyPatched() throws Exception {
        SampleProject project = new SampleProject(temp);
        project.write("sync.js", SampleProject.SYNC_JS);
        project.builder().buildAll();
        String code = project.dist("backbone.iosync.js");
        assertThat(code).contains("define(['backbone', 'underscore'], function (Backbone, _) {")
                .contains("    factory(root, root.Backbone, root._);\n").endsWith("  return Backbone;\n}));\n");
        assertThat(commonJs(code, "typeof module.exports.sync")).isEqualTo("function|required backbone,underscore");
    }

    @Test
    void namesTheWrapperWritesIntoCodeAreChecked() {
        SampleProject project = new SampleProject(temp);
        assertThatThrownBy(() -> project.builder(project.settings().bundles(List.of(BundleSpec.of("a", "socket.js")
                .withUmd("my-widgets", null, List.of()))).build()).buildAll())
                .isInstanceOf(BundleConfigurationException.class)
                .hasMessageContaining("global 'my-widgets'").hasMessageContaining("bundles/bundle/global");
        assertThatThrownBy(() -> project.builder(project.settings().bundles(List.of(BundleSpec.of("a", "socket.js")
                .withUmd(null, null, List.of(new BundleSpec.Dependency("backbone", null))))).build()).buildAll())
                .isInstanceOf(BundleConfigurationException.class)
                .hasMessageContaining("dependency 'backbone' needs a global").hasMessageContaining("dependency/global");
        assertThatThrownBy(() -> project.builder(project.settings().bundles(List.of(BundleSpec.of("a", "socket.js")
                .withUmd(null, null, List.of(new BundleSpec.Dependency("it's", "It"))))).build()).buildAll())
                .isInstanceOf(BundleConfigurationException.class).hasMessageContaining("dependency/module");
        assertThatThrownBy(() -> project.builder(project.settings().bundles(List.of(BundleSpec.of("a", "socket.js")
                .withUmd(null, "x()", List.of()))).build()).buildAll())
                .isInstanceOf(BundleConfigurationException.class).hasMessageContaining("bundles/bundle/exports");
    }

    private SampleProject widgetsProject(BundleSpec bundle) throws Exception {
        SampleProject project = new SampleProject(temp);
        project.write("core.js", CORE_JS);
        project.write("widgets.js", WIDGETS_JS);
        project.builder(project.settings().bundles(List.of(bundle)).build()).buildAll();
        return project;
    }

    /** Runs the code as a CommonJS module whose require knows backbone and underscore, then the expression. */
    private static String commonJs(String code, String expression) {
        return eval(String.join("\n",
                "(function () {",
                "  var required = [];",
                "  var module = { exports: {} };",
                "  var require = function (id) {",
                "    required.push(id);",
                "    if (id === 'backbone') { return { VERSION: '1.6.0' }; }",
                "    if (id === 'underscore') { return { name: 'underscore' }; }",
                "    throw new Error(\"Cannot find module '\" + id + \"'\");",
                "  };",
                "  (function (module, require) {",
                code,
                "  }(module, require));",
                "  return " + expression + " + '|required ' + required.join(',');",
                "}())"));
    }

    /** Runs the code with an AMD loader that knows backbone and underscore, then the expression on the module value. */
    private static String amd(String code, String expression) {
        return eval(String.join("\n",
                "(function () {",
                "  var ids;",
                "  var module;",
                "  var known = { backbone: { VERSION: '1.6.0' }, underscore: { name: 'underscore' } };",
                "  var define = function (dependencies, factory) {",
                "    ids = dependencies;",
                "    module = factory.apply(null, dependencies.map(function (id) { return known[id]; }));",
                "  };",
                "  define.amd = {};",
                "  (function (define) {",
                code,
                "  }(define));",
                "  return " + expression + " + '|define ' + ids.join(',');",
                "}())"));
    }

    /** Runs the code as a page's script after Backbone's and underscore's, then the expression in the page. */
    private static String script(String code, String expression) {
        try (Context context = Context.newBuilder("js").engine(engine).build()) {
            context.eval("js", "var Backbone = { VERSION: '1.6.0' }; var _ = { name: 'underscore' };");
            context.eval(Source.create("js", code));
            return context.eval("js", "String(" + expression + ")").asString();
        }
    }

    private static String eval(String program) {
        try (Context context = Context.newBuilder("js").engine(engine).build()) {
            Value result = context.eval("js", program);
            return result.asString();
        }
    }
}
