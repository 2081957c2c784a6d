package io.iobind.maven.mojo;

/**
 * A module a {@link Bundle}'s sources use (not a Maven dependency): {@code <dependency><module>backbone</module>
 * <global>Backbone</global></dependency>}. The UMD wrapper asks AMD's {@code define} and CommonJS's {@code require}
 * for {@code module}, reads {@code global} from the browser's globals, and hands it to the sources under that name.
 */
public class Dependency {

    /** The module id for {@code define} and {@code require}, e.g. {@code backbone}. */
    private String module;

    /** The browser global, and the name the sources use for the module, e.g. {@code Backbone}. */
    private String global;

    public String getModule() {
        return module;
    }

    public void setModule(String module) {
        this.module = module;
    }

    public String getGlobal() {
        return global;
    }

    public void setGlobal(String global) {
        this.global = global;
    }
}
