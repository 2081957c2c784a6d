def log = new File(basedir, 'build.log').text
assert log.contains('Skipping build-all: no source directory ')
assert log.contains('(parameter sourceDirectory, property iobind.build.sourceDirectory).')
assert log.contains('Skipping build-iosync: iobind.build.skip is true.')
assert !new File(basedir, 'dist').exists()

return true
