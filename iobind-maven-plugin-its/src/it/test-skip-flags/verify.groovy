// Each invocation appends to build.log, in order.
def log = new File(basedir, 'build.log').text
assert log.contains('Skipping iobind:test: skipTests is true.')
assert log.contains('Skipping iobind:test: maven.test.skip is true.')
assert log.contains('Skipping iobind:test: iobind.test.skip is true.')
assert log.contains('(ignored: maven.test.failure.ignore is true)')
assert log.contains('Tests run: 2, Failures: 0, Errors: 1, Skipped: 0')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')  // -Diobind.test=red#passes
return true
