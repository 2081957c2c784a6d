def log = new File(basedir, 'build.log').text
assert log.contains('test/a-hung.spec.js: test "hung spins forever" ran synchronously for more than 3000 ms and was interrupted')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed:')
assert log.contains('- in test/b-after.spec.js')
assert log.contains('Tests run: 2, Failures: 0, Errors: 1, Skipped: 0')
return true
