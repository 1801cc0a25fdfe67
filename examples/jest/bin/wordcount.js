#!/usr/bin/env node
// wordcount FILE: prints the number of words in FILE. It has no reason to use the network.
const fs = require('node:fs');
const text = fs.readFileSync(process.argv[2], 'utf8');
console.log(text.split(/\s+/).filter(Boolean).length);
