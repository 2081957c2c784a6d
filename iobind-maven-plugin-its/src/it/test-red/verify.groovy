def log = new File(basedir, 'build.log').text
def reports = new File(basedir, 'target/surefire-reports')
def suite = { name -> new groovy.xml.XmlSlurper().parse(new File(reports, "TEST-${name}.xml")) }

// a failing assertion: counted as a failure, with the spec's line, and the build fails
assert log.contains('Tests run: 2, Failures: 1, Errors: 0, Skipped: 0')
assert log.contains('<<< FAILURE! - in test/red.spec.js')
assert log.contains('red compares wrongly')
assert log.contains('test/red.spec.js:7')
def failure = suite('test.red.spec').testcase.find { it.@name == 'red compares wrongly' }.failure
assert failure.@type == 'AssertionError'
assert failure.@message.toString().contains('expected [ 1, 2 ] to deeply equal [ 1, 3 ]')

// a syntax error: an error naming file and line, not a crash
assert log =~ /SyntaxError: test\/broken\.spec\.js:4:\d+ Expected/
assert suite('test.broken.spec').@errors == '1'
assert suite('test.broken.spec').testcase.error.@type == 'SyntaxError'
assert !log.contains('Exception in thread')

// an endless loop: interrupted by the watchdog, and the next file still runs
assert log.contains('test/a-hung.spec.js: test "hung spins forever" ran synchronously for more than 6000 ms and was interrupted')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed:')
assert log.contains('- in test/b-after.spec.js')

assert log.contains('Tests run: 5, Failures: 1, Errors: 2, Skipped: 0')
assert log.contains('There are spec failures')
return true
