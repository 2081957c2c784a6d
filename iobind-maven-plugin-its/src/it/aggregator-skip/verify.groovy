def log = new File(basedir, 'build.log').text
assert log.contains('Skipping iobind:build-all: no source directory ')
assert log.contains('(parameter sourceDirectory, property iobind.build.sourceDirectory).')
assert log.contains('Skipping iobind:serve: no web root ')
assert log.contains('(parameter webRoot, property iobind.serve.webRoot).')
assert !new File(basedir, 'dist').exists()

return true
