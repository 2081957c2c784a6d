'use strict';
// What conformance.js and recovery.js share: counted checks and promises with a deadline.
const TIMEOUT_MS = 10000;
let count = 0;

function check(condition, what) {
  if (!condition) {
    throw new Error('check failed: ' + what);
  }
  count++;
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out: ' + what)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

module.exports = { TIMEOUT_MS, check, withTimeout, checks: () => count };
