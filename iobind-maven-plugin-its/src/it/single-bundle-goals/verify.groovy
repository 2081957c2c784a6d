// build-iosync wrote only backbone.iosync; build-iobind only backbone.iobind.
def names = { dir -> (new File(basedir, dir).list() ?: []) as List<String> }
assert names('dist').sort() == ['backbone.iosync.js', 'backbone.iosync.min.js', 'backbone.iosync.min.js.map']
assert names('dist-iobind').sort() == ['backbone.iobind.js', 'backbone.iobind.min.js', 'backbone.iobind.min.js.map']
assert new File(basedir, 'dist-iobind/backbone.iobind.js').text.contains("Backbone.Model.prototype.ioBindVersion = '2.5.0';")
assert !new File(basedir, 'dist/backbone.iosync.js').text.contains('ioBind')

return true
