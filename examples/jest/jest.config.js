// A project using systape's Jest preset. Here the preset is this checkout ('../..');
// in your project it is `preset: 'systape'`.
module.exports = { preset: process.env.SYSTAPE_PRESET || '../..' };
