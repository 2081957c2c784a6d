def log = new File(basedir, 'build.log').text
assert log.contains('SyntaxError')
assert log =~ /test\/broken\.spec\.js:\d+/
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed:')  // fine.spec.js still ran
assert log.contains('- in test/fine.spec.js')
assert !log.contains('Exception in thread')
def suite = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/surefire-reports/TEST-test.broken.spec.xml'))
assert suite.@errors == '1'
assert suite.testcase.error.@type == 'SyntaxError'
return true
