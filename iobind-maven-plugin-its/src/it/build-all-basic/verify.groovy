// build-all ran in its default phase with no configuration and wrote both bundles to dist/.
def dist = new File(basedir, 'dist')
def log = new File(basedir, 'build.log').text

['backbone.iosync', 'backbone.iobind'].each { bundle ->
    ['.js', '.min.js', '.min.js.map'].each { ext ->
        assert new File(dist, bundle + ext).isFile() : "missing dist/${bundle}${ext}"
    }
    def banner = "/*!\n * ${bundle} 2.5.0\n * Released under the MIT license.\n */\n"
    assert new File(dist, bundle + '.js').text.startsWith(banner)
    def minified = new File(dist, bundle + '.min.js').text
    assert minified.startsWith(banner)
    assert minified.endsWith("\n//# sourceMappingURL=${bundle}.min.js.map\n")
    assert !minified.contains('@VERSION')
}
assert new File(dist, 'backbone.iosync.js').text.contains("Backbone.ioSyncVersion = '2.5.0';")
def map = new groovy.json.JsonSlurper().parse(new File(dist, 'backbone.iobind.min.js.map'))
assert map.version == 3
assert map.file == 'backbone.iobind.min.js'
assert map.sources.sort() == ['../lib/bind.js', '../lib/collection.js', '../lib/model.js', '../lib/socket.js', 'backbone.iobind.js']
// The execution Maven announced: goal build-all, execution id "default" (from the POM's <execution> without an id),
// in this project. Maven 3.8 names the plugin by artifactId there ("iobind-maven-plugin:<version>:build-all"),
// Maven 3.9 by prefix ("iobind:<version>:build-all"); either is accepted.
assert log =~ /(?m)--- (iobind-maven-plugin|iobind):[^:\s]+:build-all \(default\) @ build-all-basic ---/
assert log.contains('backbone.iosync: wrote backbone.iosync.js, backbone.iosync.min.js, backbone.iosync.min.js.map')
assert log.contains('backbone.iobind: wrote backbone.iobind.js, backbone.iobind.min.js, backbone.iobind.min.js.map')

return true
