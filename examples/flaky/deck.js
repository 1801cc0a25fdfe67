/**
 * A shuffled deck, from a seeded generator (mulberry32) so that a run can be repeated with
 * its seed; the seed is four bytes of /dev/urandom, so which card comes first is up to it.
 */
const fs = require('node:fs');

function randomSeed() {
  const fd = fs.openSync('/dev/urandom', 'r');
  try {
    const bytes = Buffer.alloc(4);
    fs.readSync(fd, bytes, 0, 4, null);
    return bytes.readUInt32LE(0);
  } finally {
    fs.closeSync(fd);
  }
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(cards, random = mulberry32(randomSeed())) {
  const out = [...cards];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

module.exports = { shuffle, randomSeed, mulberry32 };
