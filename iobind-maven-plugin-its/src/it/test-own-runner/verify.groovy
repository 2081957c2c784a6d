// Each invocation appends to build.log, in order: first the run on the plugin's own mocha and chai, then the
// failure with iobind.test.ownRunner=false.
def log = new File(basedir, 'build.log').text
assert log =~ /\[INFO\] Spec runner: mocha [0-9.]+ bundled with the plugin \(no package-lock.json\), chai [0-9.]+ bundled with the plugin \(no package-lock.json\)\./
assert log.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0, Time elapsed:')
assert log.contains('- in test/counter.spec.js')
assert new File(basedir, 'target/surefire-reports/TEST-test.counter.spec.xml').isFile()
assert log.contains('iobind:test found 1 spec file but no mocha to run them: there is no package-lock.json in ')
assert log.contains("and the plugin's own mocha cannot be used (iobind.test.ownRunner is false)")
assert log.contains('BUILD FAILURE')
return true
