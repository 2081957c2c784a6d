// A configuration mistake is reported as such (MojoExecutionException), naming the file and the bundle.
def log = new File(basedir, 'build.log').text
assert log.contains('Source file lib/missing.js of bundle partial does not exist')
assert log.contains('MojoExecutionException')
assert !new File(basedir, 'dist').exists()

return true
