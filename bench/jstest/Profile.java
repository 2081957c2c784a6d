import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.iobind.maven.jstest.ConsoleReport;
import io.iobind.maven.jstest.RunSummary;
import io.iobind.maven.jstest.SpecRunner;
import io.iobind.maven.jstest.SpecSelection;
import io.iobind.maven.jstest.SpecSuite;
import io.iobind.maven.npm.NodeModules;
import io.iobind.maven.npm.NpmException;
import io.iobind.maven.npm.PackageCache;
import io.iobind.maven.npm.PackageLock;

/**
 * iobind:test's engine without Maven, for profiling: runs js-src's specs RUNS times in one JVM (so the first run is
 * cold and the later ones warm) and prints each run's per-file lines and total. The JVM options are the lever being
 * measured (see bench/README.md, "JS specs"):
 *
 *   mvn -q -pl iobind-maven-plugin dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=runtime
 *   CP=iobind-maven-plugin/target/classes:$(cat /tmp/cp.txt)
 *   /usr/bin/time java -cp "$CP" bench/jstest/Profile.java js-src 3                           # C2, as in Maven's JVM
 *   /usr/bin/time java -XX:TieredStopAtLevel=1 -cp "$CP" bench/jstest/Profile.java js-src 1   # C1 only, as the fork
 *   java -XX:StartFlightRecording=filename=cold.jfr,settings=profile -cp "$CP" bench/jstest/Profile.java js-src 1
 *
 * Packages come from the npm cache offline (-Diobind.npm.cache, default ~/.m2/repository/.cache/iobind-npm): run the
 * build once first. THREADS (default 1) runs that many spec files side by side.
 */
public class Profile {
    public static void main(String[] args) throws Exception {
        Path jsSrc = Path.of(args[0]).toAbsolutePath().normalize();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int threads = Integer.parseInt(System.getenv().getOrDefault("THREADS", "1"));
        Path cache = Path.of(System.getProperty("iobind.npm.cache",
                Path.of(System.getProperty("user.home"), ".m2", "repository", ".cache", "iobind-npm").toString()));
        NodeModules modules = new NodeModules(PackageLock.read(jsSrc.resolve("package-lock.json")),
                new PackageCache(cache, () -> { throw new NpmException("Profile does not download: build once first"); }, true, System.out::println));
        ConsoleReport console = new ConsoleReport(new ConsoleReport.Lines() {
            public void info(String line) { if (line.startsWith("Tests run")) System.out.println(line); }
            public void warn(String line) { System.out.println("WARN " + line); }
            public void error(String line) { System.out.println("ERROR " + line); }
        }, false);
        for (int run = 1; run <= runs; run++) {
            long started = System.nanoTime();
            SpecSelection selection = SpecSelection.select(jsSrc, List.of("test/**/*.spec.js"), List.of(), null);
            SpecRunner.Options options = new SpecRunner.Options(jsSrc, jsSrc.getParent(), modules, 2000, 30_000, 300_000, null);
            RunSummary summary = SpecSuite.run(selection, options, StandardCharsets.UTF_8, Path.of(System.getProperty("java.io.tmpdir"), "iobind-profile-reports"),
                    console, true, threads);
            System.out.printf("run %d: %s in %.2f s%n", run, summary.totalsLine(), (System.nanoTime() - started) / 1e9);
        }
    }
}
