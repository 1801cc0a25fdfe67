#!/usr/bin/env node
// fetch: GETs $URL and prints the status and the body.
const http = require('node:http');
http
  .get(process.env.URL, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => console.log(`${res.statusCode} ${body}`));
  })
  .on('error', (e) => {
    console.error(`fetch: ${e.message}`);
    process.exit(1);
  });
