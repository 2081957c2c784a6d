// What esbuild bundles for the browser, as an ES module: an app that imports the package and Backbone side by side.
// The test runs the bundle with `globalThis.IOBIND_EXPECTED_VERSION` set.
import Backbone from 'backbone.iobind';
import core from 'backbone';
import check from './library-checks.cjs';

check('an esbuild bundle importing backbone.iobind', Backbone, core, globalThis.IOBIND_EXPECTED_VERSION, ['iosync', 'iobind'])
  .then((line) => console.log(line), (failure) => {
    console.error(failure.stack || String(failure));
    globalThis.process.exitCode = 1;
  });
