import { app, BrowserWindow, dialog, session, shell, type WebContents, type WebPreferences } from 'electron'
import { externalLinkDecision } from '@contract/inputs'

/** The app's own origin: the packaged UI is served from app://renderer/. */
export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://renderer`

export const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-src 'none'"
].join('; ')

/** Every window of ours gets exactly these (STYLE §6.1). */
export function secureWebPreferences(preload?: string): WebPreferences {
  return {
    ...(preload ? { preload } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webviewTag: false,
    allowRunningInsecureContent: false,
    enableWebSQL: false,
    spellcheck: false
  }
}

/** The dev server origin, only when running unpackaged under electron-vite dev. */
export function devOrigin(): string | null {
  const url = process.env.ELECTRON_RENDERER_URL
  if (app.isPackaged || !url) return null
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

export function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw)
    const dev = devOrigin()
    return u.origin === APP_ORIGIN || (dev !== null && u.origin === dev) || (u.protocol === `${APP_SCHEME}:` && u.host === 'renderer')
  } catch {
    return false
  }
}

/**
 * Opens a link in the system browser by the allow-list (contract/inputs.ts): the platform's https
 * hosts open; any other http(s) link — a buyer can write anything — is shown to the seller first;
 * other schemes are refused.
 */
export async function openExternalSafely(raw: string, from?: WebContents): Promise<boolean> {
  const decision = externalLinkDecision(raw)
  if (decision === 'refuse') return false
  const url = new URL(raw).toString()
  if (decision === 'ask') {
    const parent = from ? BrowserWindow.fromWebContents(from) : null
    const options = {
      type: 'warning' as const, buttons: ['取消 / Cancel', '在浏览器中打开 / Open in browser'], defaultId: 0, cancelId: 0,
      title: '闲鱼客服台 Xianyu Desk',
      message: '打开这个外部链接？ / Open this outside link?',
      detail: `${url}\n\n它不是闲鱼、淘宝或支付宝的网址。买家发来的链接可能是钓鱼或诈骗网站。\nIt is not a Xianyu, Taobao or Alipay address. Links sent by buyers can be phishing or scams.`
    }
    const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options)
    if (response !== 1) return false
  }
  await shell.openExternal(url)
  return true
}

/** webContents ids of the embedded login windows: they browse the platform's pages, nothing else. */
export const loginWindows = new Set<number>()

/** A login window may follow the platform's https pages (and a loopback simulator), never file: or custom schemes. */
export function isLoginNavigation(raw: string): boolean {
  try {
    const u = new URL(raw)
    return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'))
  } catch {
    return false
  }
}

/** Navigation, window.open and webview guards for every web contents (STYLE §6.6–6.7). */
export function guardWebContents(contents: WebContents): void {
  const allowed = (url: string): boolean => (loginWindows.has(contents.id) ? isLoginNavigation(url) : isAppUrl(url))
  contents.on('will-navigate', (event, url) => {
    if (!allowed(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!allowed(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    // a login page opening a popup (QR help, agreements): show it in the same window instead
    if (loginWindows.has(contents.id) && isLoginNavigation(url)) void contents.loadURL(url)
    else void openExternalSafely(url, contents)
    return { action: 'deny' }
  })
}

/** Permissions: deny by default; the app's own UI may only show notifications. */
export function installPermissionHandlers(): void {
  const allowed = new Set(['notifications'])
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback) => {
    callback(allowed.has(permission) && isAppUrl(wc.getURL()))
  })
  session.defaultSession.setPermissionCheckHandler((wc, permission) => allowed.has(permission) && wc !== null && isAppUrl(wc.getURL()))
}

/** The renderer never talks to the network: all network clients run in core (STYLE §6.5). */
export function blockRendererNetwork(): void {
  const dev = devOrigin()
  session.defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    const allowed = dev !== null && details.url.startsWith(dev)
    callback({ cancel: !allowed })
  })
}
