import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

// iobind:vendor in the invoker's build: the pinned files of its execution's <files>, copied out of the verified package.
def vendor = new File(basedir, 'target/classes/webapp/vendor/underscore')
assert new File(vendor, 'underscore-umd-min.js').text.contains('Underscore.js 1.13.7')
assert new File(vendor, 'underscore-umd-min.js.map').isFile()
assert vendor.list().sort() == ['underscore-umd-min.js', 'underscore-umd-min.js.map']
assert new File(basedir, 'build.log').text.contains('Copied 2 of 2 vendor files to ')

// iobind:serve in a real Maven build, started here in the background on a free port (the goal blocks until it is
// stopped). Every wait polls with a deadline: no fixed sleeps.

def http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build()
def mvn = new File(mavenHome, 'bin/' + (System.getProperty('os.name').toLowerCase().contains('win') ? 'mvn.cmd' : 'mvn')).path

// The same repositories as the invoker's builds (src/it/settings.xml): the IT repository, then the outer build's.
def settings = new File(basedir, 'target/serve-settings.xml')
settings.parentFile.mkdirs()
def outer = new File(outerRepository).toURI().toString()
// The outer repository is a local one, without checksum files: do not warn about them.
settings.text = new File(itSettings).text.replace('@localRepositoryUrl@', outer)
        .replace('<enabled>true</enabled>', '<enabled>true</enabled><checksumPolicy>ignore</checksumPolicy>')

def startServe = { String logName, List<String> extra ->
    def command = [mvn, '-B', '-s', settings.path, "-Dmaven.repo.local=${localRepositoryPath}", "-Diobind.npm.cache=${npmCache}",
                   "${pluginCoordinates}:serve"] + extra
    new ProcessBuilder(command.collect { it.toString() }).directory(basedir)
            .redirectErrorStream(true).redirectOutput(new File(basedir, logName)).start()
}
def logOf = { String name -> new File(basedir, name).text }
Process serve
def await = { String what, long seconds, Closure<Boolean> condition ->
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
    while (!condition()) {
        assert serve.isAlive() : "iobind:serve ended while waiting for ${what}; serve.log:\n" + logOf('serve.log')
        assert System.nanoTime() < deadline : "timed out after ${seconds} s waiting for ${what}; serve.log:\n" + logOf('serve.log')
        Thread.sleep(50)
    }
}
def stop = { Process process ->
    process.destroy() // SIGTERM: Maven's shutdown hook stops the server JVM gracefully, as on Ctrl-C
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly()
        assert false : 'iobind:serve did not stop within 60 s'
    }
}

def portFile = new File(basedir, 'target/iobind-serve.port')
serve = startServe('serve.log', ['-Diobind.serve.port=0'])
int port = 0
def events = new LinkedBlockingQueue<String>()
try {
    await('the port file', 120) { portFile.isFile() && portFile.text.trim() }
    port = portFile.text.trim() as int
    def get = { String path ->
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:${port}${path}")).build(), HttpResponse.BodyHandlers.ofString())
    }

    // The page, with the live-reload script added; the bundles built from lib/; the vendor file; Socket.IO.
    def page = get('/')
    assert page.statusCode() == 200
    assert page.body().contains('<h1>Served by iobind:serve</h1>')
    assert page.body().contains('<script src="/__iobind/livereload.js"')
    def bundle = get('/js/backbone.iobind.js')
    assert bundle.statusCode() == 200
    assert bundle.body().startsWith('/*!\n * backbone.iobind 1.0\n')
    assert get('/js/backbone.iobind.min.js').statusCode() == 200
    assert get('/webjars/my-lib/1.0/backbone.iobind.js').body() == bundle.body() : 'the bundles where the webjar would be'
    assert get('/vendor/underscore/underscore-umd-min.js').body().contains('Underscore.js 1.13.7')
    def handshake = get('/socket.io/?EIO=4&transport=polling')
    assert handshake.statusCode() == 200
    assert handshake.body().startsWith('0{')

    // What an open page hears.
    def stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:${port}/__iobind/events")).build(),
            HttpResponse.BodyHandlers.ofLines())
    Thread.start { stream.body().forEach { line -> if (line.startsWith('data: ')) events.add(line.substring(6)) } }
    def nextEvent = { def event = events.poll(60, TimeUnit.SECONDS); assert event != null : 'no live-reload event'; new groovy.json.JsonSlurper().parseText(event) }
    assert nextEvent().generation == 0

    // A good edit of lib/ is rebuilt and served, and the page is told to reload.
    def model = new File(basedir, 'lib/model.js')
    model.append("\nBackbone.servedMarker = 'first edit';\n")
    await('the edited bundle', 60) { get('/js/backbone.iobind.js').body().contains("Backbone.servedMarker = 'first edit';") }
    assert get('/webjars/my-lib/1.0/backbone.iobind.js').body().contains("Backbone.servedMarker = 'first edit';")
    assert nextEvent().generation == 1

    // A syntax error: reported as file:line:column, the page shows it, the last good bundle stays.
    int brokenLine = model.readLines().size() + 1
    model.append("var broken = ;\n")
    def problems = nextEvent().problems
    assert problems.size() == 1
    assert problems[0].file == 'lib/model.js'
    assert problems[0].line == brokenLine
    assert problems[0].reason.contains('Parse error')
    await('the error line', 10) { logOf('serve.log').contains("[ERROR] lib/model.js:${brokenLine}:") }
    def kept = get('/js/backbone.iobind.js').body()
    assert kept.contains("Backbone.servedMarker = 'first edit';")
    assert !kept.contains('var broken')

    // A second serve on the same port fails with one line naming the port and the property.
    def busy = startServe('busy.log', ["-Diobind.serve.port=${port}", '-Diobind.serve.portFile=target/busy.port'])
    assert busy.waitFor(120, TimeUnit.SECONDS) : 'the second serve did not end'
    assert busy.exitValue() != 0
    def busyLog = logOf('busy.log')
    def expected = "Port ${port} on 127.0.0.1 is already in use: set iobind.serve.port to another port (0 picks a free one)."
    assert busyLog.contains(expected)
    assert !busyLog.contains('[WARNING] ' + expected) && !busyLog.contains('[INFO] ' + expected) : 'reported once, as the failure'
    assert !busyLog.contains('\tat ') : 'no stack trace'
} finally {
    stop(serve)
}

def log = logOf('serve.log')
assert log.contains("Serving src/main/webapp at http://localhost:${port}/ (live reload on, watching lib and src/main/webapp every 1 s). Ctrl-C stops.")
assert log.contains('[INFO] Changed: lib/model.js; rebuilding.')
assert log.contains('[WARNING] Still serving the last good bundles; the pages show the errors.')
assert log.contains('[INFO] Stopped.') : 'the server JVM stopped gracefully'
assert !portFile.exists() : 'the port file is removed on stop'
assert !log.contains('\tat ') : 'no stack trace'
return true
