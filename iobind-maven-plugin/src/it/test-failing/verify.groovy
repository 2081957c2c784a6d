def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 2, Failures: 1, Errors: 0, Skipped: 0')
assert log.contains('<<< FAILURE! - in test/red.spec.js')
assert log.contains('red compares wrongly')
assert log.contains('test/red.spec.js:7')
assert log.contains('There are spec failures')

def suite = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/surefire-reports/TEST-test.red.spec.xml'))
assert suite.@failures == '1'
def failure = suite.testcase.find { it.@name == 'red compares wrongly' }.failure
assert failure.@type == 'AssertionError'
assert failure.@message.toString().contains('expected [ 1, 2 ] to deeply equal [ 1, 3 ]')
return true
