// Closure notices the unclosed brace only at the end of the bundle; the report must still name lib/model.js.
def log = new File(basedir, 'build.log').text
assert log =~ /\[ERROR\] lib\/model\.js:9:\d+: Parse error\..*probably an unclosed bracket or comment/
assert !log.contains('UMD wrapper')
assert !log.contains('lib/collection.js')
assert !new File(basedir, 'dist/backbone.iobind.js').exists()

return true
