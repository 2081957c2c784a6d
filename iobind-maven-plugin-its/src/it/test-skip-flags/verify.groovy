def log = new File(basedir, 'build.log').text
assert log.contains('(ignored: maven.test.failure.ignore is true)')
assert log.contains('Tests run: 2, Failures: 0, Errors: 1, Skipped: 0')
// The execution "filtered" (red#passes) ran after the default one, and only that test.
assert log.indexOf('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') > log.indexOf('(ignored: maven.test.failure.ignore is true)')
return true
