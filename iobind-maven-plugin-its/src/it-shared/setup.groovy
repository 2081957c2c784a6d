// Run from the setup.groovy (pre-build hook) of each IT that builds the library: lays the one shared copy of the
// library sources (src/it-shared/lib, small stand-ins for js-src/lib) into the IT's lib/. A file the IT has in its own
// lib/ wins (syntax-error's broken model.js).
new File(sharedLib).eachFile { source ->
    def target = new File(basedir, "lib/${source.name}")
    target.parentFile.mkdirs()
    if (!target.exists()) {
        target.bytes = source.bytes
    }
}
return true
