// The first build-all wrote the bundles; the second said, in one line, that they were up to date and wrote nothing.
def log = new File(basedir, 'build.log').text
assert log.contains('backbone.iosync: wrote backbone.iosync.js, backbone.iosync.min.js, backbone.iosync.min.js.map')
assert log.indexOf('backbone.iosync: wrote') < log.indexOf('Nothing to build: backbone.iosync, backbone.iobind up to date')
assert log.contains('Nothing to build: backbone.iosync, backbone.iobind up to date')
assert log.readLines().count { it.contains('up to date') } == 1

// Between the builds every output and fingerprint was dated back to 2000-01-01 (invoker.goals.2); any file the
// second build wrote, even with the same bytes, would carry the time of writing instead.
def datedBack = 946684800000L
['backbone.iosync', 'backbone.iobind'].each { bundle ->
    def state = new File(basedir, "target/iobind-build/${bundle}.fingerprint")
    assert state.isFile()
    assert state.lastModified() == datedBack : "${state} was rewritten"
    ['.js', '.min.js', '.min.js.map'].each { ext ->
        def output = new File(basedir, "dist/${bundle}${ext}")
        assert output.isFile()
        assert output.lastModified() == datedBack : "${output} was rewritten"
    }
}

return true
