package io.iobind.maven.npm;

import java.util.Set;

/**
 * One entry of {@code package-lock.json}'s {@code packages} map.
 *
 * @param path         the entry's key, e.g. {@code node_modules/backbone-1.4} or
 *                     {@code node_modules/cliui/node_modules/strip-ansi}: where Node would install it
 * @param name         the package's registry name ({@code backbone} for the alias {@code backbone-1.4})
 * @param version      the exact version
 * @param integrity    the Subresource Integrity string ({@code sha512-...}), never null
 * @param dependencies names this package requires at run time (regular, optional and peer)
 */
public record LockedPackage(String path, String name, String version, String integrity, Set<String> dependencies) {

    /** The folder name a {@code require()} finds it by: the last segment(s) of the path, e.g. {@code @scope/pkg}. */
    public String installName() {
        return PackageLock.installNameOf(path);
    }

    @Override
    public String toString() {
        return path + " (" + name + "@" + version + ")";
    }
}
