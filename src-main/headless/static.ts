import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs'
import { extname, join, resolve, sep } from 'node:path'
import type { ServerResponse } from 'node:http'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.map': 'application/json'
}

/** Serves files of the built renderer; any path resolving outside its folder (after realpath) is refused. */
export class StaticFiles {
  readonly #root: string
  constructor(root: string) {
    this.#root = realpathSync(resolve(root))
  }

  serve(pathname: string, res: ServerResponse): boolean {
    let rel: string
    try {
      rel = decodeURIComponent(pathname)
    } catch {
      return false
    }
    if (rel.includes('\0')) return false
    const candidate = resolve(join(this.#root, rel === '/' ? 'index.html' : rel))
    if (!existsSync(candidate)) return false
    const real = realpathSync(candidate)
    if (real !== this.#root && !real.startsWith(this.#root + sep)) return false
    if (!statSync(real).isFile()) return false
    res.writeHead(200, {
      'Content-Type': TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': real.endsWith('index.html') ? 'no-store' : 'private, max-age=3600'
    })
    createReadStream(real).pipe(res)
    return true
  }
}
