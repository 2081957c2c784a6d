package io.iobind.maven.mojo;

import java.util.ArrayList;
import java.util.List;

/**
 * One bundle in the plugin configuration:
 * <pre>{@code
 * <bundle>
 *   <name>my.widgets</name>
 *   <files>
 *     <file>core.js</file>
 *     <file>widgets.js</file>
 *   </files>
 *   <global>MyWidgets</global>
 *   <dependencies>
 *     <dependency><module>backbone</module><global>Backbone</global></dependency>
 *   </dependencies>
 * </bundle>
 * }</pre>
 * Maven fills the fields by name. Without {@code global}, {@code exports} and {@code dependencies} the bundle gets
 * no wrapper; with any of them, a UMD wrapper naming them.
 */
public class Bundle {

    /** The output file stem: {@code <name>.js}, {@code <name>.min.js}, {@code <name>.min.js.map}. */
    private String name;

    /** Source files relative to the source directory, in concatenation order. */
    private List<String> files = new ArrayList<>();

    /** The browser global the UMD wrapper sets to the bundle's exports, e.g. {@code MyWidgets}; none by default. */
    private String global;

    /**
     * What the bundle gives AMD and CommonJS (and its global): a name its sources define. Default: the global's
     * name; with neither, the bundle exports nothing.
     */
    private String exports;

    /** The modules the sources use, passed to them by the UMD wrapper in this order. */
    private List<Dependency> dependencies = new ArrayList<>();

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getFiles() {
        return files;
    }

    public void setFiles(List<String> files) {
        this.files = files;
    }

    public String getGlobal() {
        return global;
    }

    public void setGlobal(String global) {
        this.global = global;
    }

    public String getExports() {
        return exports;
    }

    public void setExports(String exports) {
        this.exports = exports;
    }

    public List<Dependency> getDependencies() {
        return dependencies;
    }

    public void setDependencies(List<Dependency> dependencies) {
        this.dependencies = dependencies;
    }
}
