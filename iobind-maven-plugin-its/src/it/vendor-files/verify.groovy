def log = new File(basedir, 'build.log').text
def vendor = new File(basedir, 'target/classes/webapp/vendor/underscore')
assert new File(vendor, 'underscore-umd-min.js').text.contains('Underscore.js 1.13.7')
assert new File(vendor, 'underscore-umd-min.js.map').isFile()
assert vendor.list().sort() == ['underscore-umd-min.js', 'underscore-umd-min.js.map']
assert log.contains('Copied 2 of 2 vendor files to ')
return true
