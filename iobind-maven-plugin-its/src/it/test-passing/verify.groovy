def log = new File(basedir, 'build.log').text
assert log.contains('Running test/math.spec.js')
assert log.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 1, Time elapsed:')
assert log.contains('- in test/unit/strings.spec.js')
assert !log.contains('helper.js was run')
assert log =~ /Tests run: 4, Failures: 0, Errors: 0, Skipped: 1\s*$/.toString() || log.contains('Tests run: 4, Failures: 0, Errors: 0, Skipped: 1')

def xml = new File(basedir, 'target/surefire-reports/TEST-test.math.spec.xml')
assert xml.isFile()
def suite = new groovy.xml.XmlSlurper().parse(xml)
assert suite.@tests == '3'
assert suite.@skipped == '1'
assert suite.testcase.find { it.@name == 'math adds later' }.size() == 1
assert new File(basedir, 'target/surefire-reports/TEST-test.unit.strings.spec.xml').isFile()
return true
