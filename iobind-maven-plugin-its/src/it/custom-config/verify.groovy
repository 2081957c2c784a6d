// Custom folders, bundle, banner, level, language and wrapper, and no source map.
def out = new File(basedir, 'target/js-out')
assert (out.list() as List).sort() == ['greeting.js', 'greeting.min.js']
assert !new File(basedir, 'dist').exists()

def plain = new File(out, 'greeting.js').text
assert plain == "/*! greeting version 9.9.9-custom, Apache-2.0 */\n" +
        "(function (exports) {\n" +
        "var customGreeting = 'hello from 9.9.9-custom';\n" +
        "exports.greeting = function () {\n  return customGreeting;\n};\n" +
        "}(typeof exports === 'object' ? exports : (this.greeting = {})));\n"

def minified = new File(out, 'greeting.min.js').text
assert minified.startsWith("/*! greeting version 9.9.9-custom, Apache-2.0 */\n")
assert !minified.contains('sourceMappingURL')
// WHITESPACE_ONLY keeps local names.
assert minified.contains('customGreeting')

return true
