#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

// Started by bin/systape, which kept NODE_EXTRA_CA_CERTS from this process:
// the program systape runs sees the environment as it was.
const caCerts = process.env.SYSTAPE_NODE_EXTRA_CA_CERTS;
if (caCerts !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = caCerts;
  delete process.env.SYSTAPE_NODE_EXTRA_CA_CERTS;
}

const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  console.error('systape: not built yet: run `npm run build` in ' + path.join(__dirname, '..'));
  process.exit(1);
}
require(entry).main(process.argv);
