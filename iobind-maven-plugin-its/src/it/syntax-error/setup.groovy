// The shared library sources into lib/ (src/it-shared/lib).
evaluate(new File(sharedSetup))
