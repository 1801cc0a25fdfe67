// A flaky program: it fails about one time in three, depending on the clock
// and on Math.random(). Exactly the kind of failure that is hard to reproduce.
const toss = Math.random();
const now = new Date().toISOString();
if (toss < 0.33) {
  console.error(`${now}: the coin came up ${toss.toFixed(3)}: failing`);
  process.exit(1);
}
console.log(`${now}: the coin came up ${toss.toFixed(3)}: fine`);
