import type { NextFunction, Request, Response } from 'express';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

/**
 * The console's own Content-Security-Policy (docs/console.md "Serving"): its scripts, styles, fonts and
 * images from this origin only, no inline script, no remote origin; API calls to this origin. The API's
 * helmet policy (default-src 'none') stays on every other path.
 */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Vite's content-hashed output: a new build gives new names, so these may be cached for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};
/** Text types gain from compression; fonts (woff2 is compressed already) and images do not. */
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.webmanifest',
  '.map',
  '.svg',
  '.txt',
  '.ttf',
]);

type Encoding = 'br' | 'gzip';
/** The build is a few MB; past this (many rebuilds under one process) the cache starts again. */
const MAX_CACHED_BYTES = 128 * 1024 * 1024;
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Which of br and gzip the client takes (q=0 refuses), br first. */
export function acceptedEncoding(header: string | undefined): Encoding | undefined {
  const offered = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    offered.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (e: string) => (offered.get(e) ?? offered.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : undefined;
}

interface ServedFile {
  body: Buffer;
  encoding?: Encoding;
  etag: string;
}

/**
 * Serves the built console (CONSOLE_DIR) under /console: files as they are, any path without a file
 * extension as index.html (the single-page app's own routes), /console redirected to /console/. Hashed
 * assets (assets/) are cached for a year, everything else revalidated (no-cache, ETag). Text is sent
 * compressed: the build's precompressed sibling (file.br, file.gz) when there is one, else compressed once
 * here; every body is kept in memory (the files do not change while the process runs; a rebuild changes
 * their mtime).
 * Not built yet: 503 with a plain sentence, never a 500. Mounted with app.use before the API's routes; not
 * a route of the API (no data, no authentication: the page signs in through POST /v1/session).
 */
export function consoleStatic(dir: string): (req: Request, res: Response, next: NextFunction) => void {
  const root = resolve(dir);
  // Bodies as sent, by file, mtime and encoding: the build's files do not change under a running engine
  // (a rebuild gives new mtimes, hence new keys), so each is read, or compressed, once.
  const bodies = new Map<string, Promise<{ body: Buffer; encoding?: Encoding }>>();
  let cachedBytes = 0;

  async function read(
    file: string,
    mtimeMs: number,
    encoding?: Encoding,
  ): Promise<{ body: Buffer; encoding?: Encoding }> {
    if (!encoding) {
      return { body: await readFile(file) };
    }
    const sibling = await stat(file + SUFFIX[encoding]).catch(() => null);
    if (sibling?.isFile() && sibling.mtimeMs >= mtimeMs) {
      return { body: await readFile(file + SUFFIX[encoding]), encoding };
    }
    const raw = await readFile(file);
    const body =
      encoding === 'br'
        ? await brotli(raw, {
            params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length },
          })
        : await gz(raw, { level: 9 });
    return { body, encoding };
  }

  async function load(file: string, mtimeMs: number, size: number, encoding?: Encoding): Promise<ServedFile> {
    const etag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}${encoding ? `-${encoding}` : ''}"`;
    const key = `${file}\0${mtimeMs}\0${encoding ?? 'identity'}`;
    let pending = bodies.get(key);
    if (!pending) {
      if (cachedBytes > MAX_CACHED_BYTES) {
        bodies.clear();
        cachedBytes = 0;
      }
      pending = read(file, mtimeMs, encoding);
      bodies.set(key, pending);
      pending.then(
        (r) => (cachedBytes += r.body.length),
        () => bodies.delete(key),
      );
    }
    return { ...(await pending), etag };
  }

  async function serve(req: Request, res: Response): Promise<void> {
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    // req.path is below the mount point, as sent (not normalised: a %2e%2e stays a segment to refuse).
    const [mounted, query] = splitQuery(req.originalUrl);
    if (mounted === '/console') {
      res.redirect(301, `/console/${query}`);
      return;
    }
    const index = join(root, 'index.html');
    const indexStat = await stat(index).catch(() => null);
    if (!indexStat?.isFile()) {
      plain(res, 503, 'The console is not built yet: run `npm run build:console` (see docs/console.md).\n');
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(req.path.replace(/^\//, ''));
    } catch {
      plain(res, 400, 'Malformed path.\n');
      return;
    }
    const segments = relative.split('/');
    if (segments.some((s) => s === '..' || s.startsWith('.') || s.includes('\0') || s.includes('\\'))) {
      plain(res, 404, 'Not found.\n');
      return;
    }
    const last = segments[segments.length - 1];
    const isFile = extname(last) !== '';
    const file = isFile ? resolve(root, ...segments) : index;
    if (!file.startsWith(root + sep)) {
      plain(res, 404, 'Not found.\n');
      return;
    }
    const fileStat = file === index ? indexStat : await stat(file).catch(() => null);
    if (!fileStat?.isFile()) {
      plain(res, 404, 'Not found.\n');
      return;
    }
    const ext = extname(file).toLowerCase();
    const encoding = COMPRESSIBLE.has(ext) ? acceptedEncoding(req.header('accept-encoding')) : undefined;
    const served = await load(file, fileStat.mtimeMs, fileStat.size, encoding);
    res.setHeader('Content-Type', TYPES[ext] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', segments[0] === 'assets' && isFile ? IMMUTABLE : 'no-cache');
    if (COMPRESSIBLE.has(ext)) {
      res.setHeader('Vary', 'Accept-Encoding');
    }
    res.setHeader('ETag', served.etag);
    if (served.encoding) {
      res.setHeader('Content-Encoding', served.encoding);
    }
    if (req.header('if-none-match') === served.etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Length', String(served.body.length));
    res.status(200);
    if (req.method === 'HEAD') {
      res.end();
    } else {
      res.end(served.body);
    }
  }

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    serve(req, res).catch(() => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      plain(res, 503, 'The console could not be read; retry later.\n');
    });
  };
}

function splitQuery(url: string): [string, string] {
  const at = url.indexOf('?');
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at)];
}

function plain(res: Response, status: number, text: string): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}
