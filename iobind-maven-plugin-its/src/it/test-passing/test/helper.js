// not a spec: must not be run by the default includes
throw new Error('helper.js was run as a spec');
