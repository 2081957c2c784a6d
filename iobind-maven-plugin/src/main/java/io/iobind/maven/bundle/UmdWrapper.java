package io.iobind.maven.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The UMD wrapper a bundle gets from what its {@link BundleSpec} names. The sources run inside a factory
 * {@code function (root, <dependency globals>)}; the wrapper calls it with AMD's {@code define} when there is one,
 * else with CommonJS's {@code require} when there is a {@code module}, else with the browser's globals, and hands
 * on what the bundle exports: AMD's module value, {@code module.exports}, and the bundle's global in a browser.
 * {@code root} is the global object (self, global, globalThis or this).
 */
final class UmdWrapper {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern NAME_PATH = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    private UmdWrapper() {
    }

    /** The text before the sources, or null when the bundle is not wrapped. */
    static BuildSettings.WrapperPart prefix(BundleSpec spec) {
        if (!spec.wrapped()) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        List<String> params = new ArrayList<>();
        List<String> requires = new ArrayList<>();
        List<String> rootGlobals = new ArrayList<>();
        for (BundleSpec.Dependency dependency : spec.dependencies()) {
            ids.add("'" + dependency.module() + "'");
            params.add(dependency.global());
            requires.add("require('" + dependency.module() + "')");
            rootGlobals.add("root." + dependency.global());
        }
        String exported = spec.exported();
        String text = String.join("\n",
                "(function (root, factory) {",
                "  if (typeof define === 'function' && define.amd) {",
                "    define([" + String.join(", ", ids) + "], function (" + String.join(", ", params) + ") {",
                "      return factory(" + arguments("root", params) + ");",
                "    });",
                "  } else if (typeof module === 'object' && module && module.exports) {",
                "    " + (exported == null ? "" : "module.exports = ") + "factory(" + arguments("root", requires) + ");",
                "  } else {",
                "    " + (spec.global() == null ? "" : "root." + spec.global() + " = ") + "factory(" + arguments("root", rootGlobals) + ");",
                "  }",
                "}(typeof self === 'object' && self && self.self === self ? self",
                "  : typeof global === 'object' && global && global.global === global ? global",
                "  : typeof globalThis === 'object' && globalThis ? globalThis",
                "  : this, function (" + arguments("root", params) + ") {",
                "");
        return new BuildSettings.WrapperPart("UMD wrapper of " + spec.name() + " (built in)", text);
    }

    /** The text after the sources, or null when the bundle is not wrapped. */
    static BuildSettings.WrapperPart suffix(BundleSpec spec) {
        if (!spec.wrapped()) {
            return null;
        }
        String exported = spec.exported();
        String text = (exported == null ? "" : "  return " + exported + ";\n") + "}));\n";
        return new BuildSettings.WrapperPart("UMD wrapper of " + spec.name() + " (built in)", text);
    }

    /** Checks the names a bundle's wrapper writes into code; the message names the field. */
    static void validate(BundleSpec spec) throws BundleConfigurationException {
        String where = "Bundle '" + spec.name() + "'";
        if (spec.global() != null && !IDENTIFIER.matcher(spec.global()).matches()) {
            throw new BundleConfigurationException(where + ": global '" + spec.global()
                    + "' must be a JavaScript identifier, e.g. MyWidgets (parameter bundles/bundle/global).");
        }
        if (spec.exports() != null && !NAME_PATH.matcher(spec.exports()).matches()) {
            throw new BundleConfigurationException(where + ": exports '" + spec.exports()
                    + "' must be a name the sources define, e.g. MyWidgets or MyWidgets.api (parameter bundles/bundle/exports).");
        }
        for (BundleSpec.Dependency dependency : spec.dependencies()) {
            String module = dependency.module();
            if (module == null || module.isBlank() || !module.equals(module.strip()) || module.matches(".*['\\\\\\s].*")) {
                throw new BundleConfigurationException(where + ": dependency module '" + module
                        + "' must be a module id such as backbone or @scope/name, without quotes, backslashes or spaces"
                        + " (parameter bundles/bundle/dependencies/dependency/module).");
            }
            if (dependency.global() == null || !IDENTIFIER.matcher(dependency.global()).matches()) {
                throw new BundleConfigurationException(where + ": dependency '" + module + "' needs a global that is a"
                        + " JavaScript identifier, the name the sources use for it, e.g. Backbone or _, got '"
                        + dependency.global() + "' (parameter bundles/bundle/dependencies/dependency/global).");
            }
        }
    }

    private static String arguments(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return String.join(", ", all);
    }
}
