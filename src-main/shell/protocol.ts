import { net, protocol } from 'electron'
import { realpathSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { APP_SCHEME, CSP } from './security'

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

/**
 * Resolves an app:// path inside the renderer folder; null when it would escape it (after
 * realpath, so a symlink can't lead out either).
 */
export function resolveInside(root: string, pathname: string): string | null {
  let rel: string
  try {
    rel = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (rel.includes('\0')) return null
  const realRoot = realpathSync(root)
  let real: string
  try {
    real = realpathSync(resolve(join(realRoot, rel === '/' || rel === '' ? 'index.html' : rel)))
  } catch {
    return null
  }
  return real === realRoot || real.startsWith(realRoot + sep) ? real : null
}

/** Serves out/renderer over app://renderer/ with the CSP as a response header too. */
export function handleAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file = url.host === 'renderer' ? resolveInside(rendererDir, url.pathname) : null
    if (!file) return new Response('not found', { status: 404 })
    const res = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(res.headers)
    headers.set('Content-Security-Policy', CSP)
    headers.set('X-Content-Type-Options', 'nosniff')
    return new Response(res.body, { status: res.status, headers })
  })
}
