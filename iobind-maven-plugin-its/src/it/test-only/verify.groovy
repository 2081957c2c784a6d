// A .only in one file restricts the whole run to the .only tests, as Node's mocha does.
def log = new File(basedir, 'build.log').text
assert log.contains('Tests marked .only found: running only those, in test/b-focused.spec.js')
assert !log.contains('Running test/a-plain.spec.js')
assert log.contains('Running test/b-focused.spec.js')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert !new File(basedir, 'target/surefire-reports/TEST-test.a-plain.spec.xml').exists()
return true
