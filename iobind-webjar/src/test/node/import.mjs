// The package through import, one entry after the other, in Node: `node import.mjs <version>`.
import core from 'backbone';
import check from './library-checks.cjs';

const version = process.argv[2];
try {
  const iosync = (await import('backbone.iobind/iosync')).default;
  console.log(await check("import from 'backbone.iobind/iosync' first", iosync, core, version, ['iosync']));
  const iobind = (await import('backbone.iobind/iobind')).default;
  console.log(await check("then import from 'backbone.iobind/iobind'", iobind, core, version, ['iosync', 'iobind']));
  const both = (await import('backbone.iobind')).default;
  console.log(await check("then import Backbone from 'backbone.iobind'", both, core, version, ['iosync', 'iobind']));
} catch (failure) {
  console.error(failure.stack || String(failure));
  process.exit(1);
}
