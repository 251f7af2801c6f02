// A stand-in for CloudFront in front of the local stack, for perf.mjs: the local runner serves
// web/dist uncompressed, CloudFront compresses text files on the fly. This origin serves web/dist
// gzipped (index.html for app paths, as the CloudFront function does) and passes /api/* and /health
// to the runner unchanged.
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

/** Starts the origin on a free loopback port; resolves to its base URL and a close function. */
export function startGzipOrigin(dist, upstream) {
  const cache = new Map(); // file -> gzipped bytes (level 6, about what CloudFront does)
  const api = new URL(upstream);

  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://origin');
    if (pathname === '/health' || pathname.startsWith('/api/')) {
      const proxied = http.request(
        { host: api.hostname, port: api.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      proxied.on('error', () => res.writeHead(502).end());
      req.pipe(proxied);
      return;
    }
    let file = path.join(dist, path.normalize(pathname));
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) file = path.join(dist, 'index.html');
    if (!cache.has(file)) cache.set(file, gzipSync(readFileSync(file), { level: 6 }));
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-encoding': 'gzip',
      'cache-control': file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(cache.get(file));
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}
