package io.iobind.maven.npm;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import io.iobind.maven.util.CoreLog;

/**
 * Unpacked npm packages on disk, keyed by name, version and integrity hash. A package is fetched from the
 * registry, its tarball checked against the lockfile's integrity, unpacked into a temporary folder and only then
 * moved into place in one step — so a folder in the cache is always complete and verified, and a later run,
 * online or offline, uses it as it is.
 */
public final class PackageCache {

    /** Where tarballs come from; resolved only when something must be downloaded. */
    public interface RegistrySource {
        Registry registry() throws NpmException;
    }

    private final Path root;
    private final RegistrySource registrySource;
    private final boolean offline;
    private final CoreLog log;
    private HttpClient http;
    private Registry registry;
    private final HttpProxy proxy;

    /**
     * @param root           the cache folder, e.g. {@code ~/.m2/repository/.cache/iobind-npm}
     * @param registrySource the registry to download from when a package is not cached yet
     * @param offline        never download: a package missing from the cache is an error
     * @param log            receives one line per download
     */
    public PackageCache(Path root, RegistrySource registrySource, boolean offline, CoreLog log) {
        this(root, registrySource, offline, log, null);
    }

    /** As above, downloading through {@code proxy} (null: Java's default proxy selection). */
    public PackageCache(Path root, RegistrySource registrySource, boolean offline, CoreLog log, HttpProxy proxy) {
        this.proxy = proxy;
        this.root = root.toAbsolutePath().normalize();
        this.registrySource = registrySource;
        this.offline = offline;
        this.log = log;
    }

    public Path root() {
        return root;
    }

    /** The folder a package unpacks to (whether or not it is there yet). */
    public Path folderOf(LockedPackage pkg) throws NpmException {
        Integrity integrity = Integrity.parse(pkg.integrity());
        return root.resolve(safeSegment(pkg.name())).resolve(safeSegment(pkg.version()) + "_" + integrity.shortKey());
    }

    /** The unpacked, verified package folder, downloading it first when the cache lacks it. */
    public Path ensure(LockedPackage pkg) throws NpmException {
        Path folder = folderOf(pkg);
        if (Files.isDirectory(folder)) {
            return folder;
        }
        if (offline) {
            throw new NpmException(pkg.name() + "@" + pkg.version() + " (" + pkg.path() + ") is not in the npm cache "
                    + root + " and Maven is offline; run once online to fill the cache.");
        }
        Integrity integrity = Integrity.parse(pkg.integrity());
        Registry registry = registry();
        URI uri = registry.tarballUri(pkg.name(), pkg.version());
        Path tmpRoot = root.resolve(".tmp");
        Path tarball = null;
        Path unpacked = null;
        try {
            Files.createDirectories(tmpRoot);
            tarball = Files.createTempFile(tmpRoot, "download-", ".tgz");
            byte[] digest = download(uri, pkg, registry, tarball, integrity.newDigest());
            if (!integrity.matches(digest)) {
                throw new NpmException("Integrity mismatch for " + pkg.name() + "@" + pkg.version() + " from " + uri
                        + ": the lockfile says " + integrity.algorithm() + " " + pkg.integrity() + " but the download is "
                        + integrity.describe(digest) + ". The download was discarded; check the registry ("
                        + registry.origin() + ") or the lockfile entry packages[\"" + pkg.path() + "\"].");
            }
            unpacked = Files.createTempDirectory(tmpRoot, "unpack-");
            unpack(tarball, unpacked, pkg);
            Files.createDirectories(folder.getParent());
            try {
                Files.move(unpacked, folder, StandardCopyOption.ATOMIC_MOVE);
                unpacked = null;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another build unpacked the same verified bytes first; theirs is as good as ours
            } catch (AtomicMoveNotSupportedException e) {
                throw new NpmException("The npm cache " + root + " cannot move folders atomically: " + e.getMessage(), e);
            }
            log.info("Fetched " + pkg.name() + "@" + pkg.version() + " (" + integrity.algorithm() + " verified) from " + uri);
            return folder;
        } catch (IOException e) {
            throw new NpmException("Cannot store " + pkg.name() + "@" + pkg.version() + " in the npm cache " + root + ": " + e, e);
        } finally {
            deleteQuietly(tarball);
            deleteQuietly(unpacked);
        }
    }

    private byte[] download(URI uri, LockedPackage pkg, Registry registry, Path target, MessageDigest digest) throws NpmException, IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new NpmException("Cannot download " + pkg.name() + "@" + pkg.version() + " from " + uri
                    + " (registry from " + registry.origin() + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NpmException("Interrupted while downloading " + uri, e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 404) {
                throw new NpmException(pkg.name() + "@" + pkg.version() + " (lockfile entry packages[\"" + pkg.path()
                        + "\"]) is missing from the registry: " + uri + " answered 404 Not Found (registry from "
                        + registry.origin() + ").");
            }
            if (status != 200) {
                throw new NpmException("Cannot download " + pkg.name() + "@" + pkg.version() + ": " + uri + " answered HTTP "
                        + status + " (registry from " + registry.origin() + ").");
            }
            try (DigestInputStream in = new DigestInputStream(body, digest); OutputStream out = Files.newOutputStream(target)) {
                in.transferTo(out);
            }
        }
        return digest.digest();
    }

    /** Looked up once per cache: asking npm for its configuration starts a process. */
    private synchronized Registry registry() throws NpmException {
        if (registry == null) {
            registry = registrySource.registry();
        }
        return registry;
    }

    private synchronized HttpClient client() {
        if (http == null) {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                    .followRedirects(HttpClient.Redirect.NORMAL);
            if (proxy != null) {
                builder.proxy(proxy.selector());
                if (proxy.authenticator() != null) {
                    builder.authenticator(proxy.authenticator());
                }
            }
            http = builder.build();
        }
        return http;
    }

    /** Unpacks a gzipped npm tarball, dropping its top folder ({@code package/}) and refusing paths that escape. */
    private static void unpack(Path tarball, Path target, LockedPackage pkg) throws NpmException, IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(tarball))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().replace('\\', '/');
                int slash = name.indexOf('/');
                String relative = slash < 0 ? "" : name.substring(slash + 1);
                if (relative.isEmpty() || !(entry.isFile() || entry.isDirectory())) {
                    continue; // npm ignores links and devices in package tarballs too
                }
                Path destination = target.resolve(relative).normalize();
                if (!destination.startsWith(target)) {
                    throw new NpmException("The tarball of " + pkg.name() + "@" + pkg.version() + " has an entry outside its folder: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(tar, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new NpmException("The tarball of " + pkg.name() + "@" + pkg.version() + " is not a readable .tgz: " + e.getMessage(), e);
        }
    }

    private static String safeSegment(String text) {
        return text.replace("/", "+").replace("\\", "+").replace(":", "_");
    }

    private static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover under .tmp is never read; the next run may remove it
        }
    }
}
