/**
 * Counts requests per fixed 250 ms window of the wall clock. The bug the test trips
 * over: two requests a few milliseconds apart can fall into two windows.
 */
const WINDOW_MS = 250;

function windowOf(now = Date.now()) {
  return Math.floor(now / WINDOW_MS);
}

function createLimiter(limit) {
  const counts = new Map();
  return {
    hit() {
      const w = windowOf();
      const n = (counts.get(w) ?? 0) + 1;
      counts.set(w, n);
      return { window: w, count: n, allowed: n <= limit };
    },
  };
}

module.exports = { createLimiter, windowOf };
