// The second build-all said it was up to date and wrote nothing.
def log = new File(basedir, 'build.log').text
assert log.contains('backbone.iosync is up to date.')
assert log.contains('backbone.iobind is up to date.')
assert log.contains('Nothing to build: backbone.iosync, backbone.iobind up to date')

// Each fingerprint is written after its outputs; an output rewritten by the second run would be newer.
['backbone.iosync', 'backbone.iobind'].each { bundle ->
    def state = new File(basedir, "target/iobind-build/${bundle}.fingerprint")
    assert state.isFile()
    ['.js', '.min.js', '.min.js.map'].each { ext ->
        def output = new File(basedir, "dist/${bundle}${ext}")
        assert output.lastModified() <= state.lastModified() : "${output} was rewritten"
    }
}

return true
