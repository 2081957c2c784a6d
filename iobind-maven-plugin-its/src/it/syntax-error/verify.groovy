// The failure names the user's file, line and column with Closure's reason, and dist/ is as it was.
def log = new File(basedir, 'build.log').text
assert log =~ /\[ERROR\] lib\/model\.js:8:29: Parse error\./
assert log =~ /Failed to execute goal io\.iobind:iobind-maven-plugin:[^ ]+:build-all .*: lib\/model\.js:8:29: Parse error\./
assert !log.contains('backbone.iobind.js:')
// A mistake in the sources, not in the build: MojoFailureException (BUILD FAILURE, not an error).
assert log.contains('MojoFailureException')

def dist = new File(basedir, 'dist')
assert (dist.list() as List).sort() == ['backbone.iobind.min.js', 'backbone.iosync.js', 'backbone.iosync.min.js']
dist.eachFile { file -> assert file.text == "previous build of ${file.name}\n" : "${file} changed" }

return true
