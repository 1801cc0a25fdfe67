// An HTTP client recorded against a loopback server, and replayed later (in CI) with the
// server gone: the recording answers its system calls, the network included.
const http = require('node:http');
const path = require('node:path');
const { systape } = require('systape/jest');

let server;
let url = 'http://127.0.0.1:1/';
beforeAll(async () => {
  if (process.env.EXAMPLE_NO_SERVER) return; // replaying: nothing listens
  server = http.createServer((req, res) => res.end(`hello from ${req.url}`));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/greeting`;
});
afterAll(() => server?.close());

test('fetch prints what the server said', async () => {
  const run = await systape.run([process.execPath, path.join(__dirname, 'bin', 'fetch.js')], {
    env: { URL: url },
  });
  expect(run.stdout).toBe('200 hello from /greeting\n');
  expect(run).toUseNetwork();
  expect(run.trace.network.endpoints).toHaveLength(1);
  expect(run.trace.network.endpoints[0]).toMatch(/^127\.0\.0\.1:\d+$/);
});
