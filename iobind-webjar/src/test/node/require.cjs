'use strict';
// The package through require(), one entry after the other: `node require.cjs <version>`.
const check = require('./library-checks.cjs');
const version = process.argv[2];

(async () => {
  const core = require('backbone');
  console.log(await check("require('backbone.iobind/iobind') first", require('backbone.iobind/iobind'), core, version, ['iobind']));
  console.log(await check("then require('backbone.iobind/iosync')", require('backbone.iobind/iosync'), core, version, ['iobind', 'iosync']));
  console.log(await check("then require('backbone.iobind')", require('backbone.iobind'), core, version, ['iobind', 'iosync']));
})().catch((failure) => {
  console.error(failure.stack || String(failure));
  process.exit(1);
});
