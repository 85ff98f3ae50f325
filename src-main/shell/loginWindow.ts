import { BrowserWindow, session } from 'electron'
import type { InteractiveBrowser, PortCookie } from '../core/ports'
import { loginWindows, secureWebPreferences } from './security'

/**
 * The embedded login/verification window: a real browser window on a persistent partition of its
 * own per account, so the session a human logs in or passes a slider in is the one the bot keeps.
 * All logic (when the login is complete, what to harvest) stays in core; this only shows the page.
 */
export const electronBrowser: InteractiveBrowser = {
  open: (o) => new Promise((resolve) => {
    const ses = session.fromPartition(`persist:xd-${o.profile}`)
    // the platform's pages get no permission: neither when they ask nor when they check (navigator.permissions, media queries)
    ses.setPermissionRequestHandler((_wc, _p, cb) => cb(false))
    ses.setPermissionCheckHandler(() => false)
    ses.setUserAgent(o.userAgent, 'zh-CN,zh')
    const win = new BrowserWindow({ width: 520, height: 760, title: o.title, autoHideMenuBar: true, webPreferences: { ...secureWebPreferences(), session: ses } })
    loginWindows.add(win.webContents.id)
    let settled = false
    const finish = (cookies: ReadonlyArray<PortCookie> | null): void => {
      if (settled) return
      settled = true
      clearInterval(poll)
      clearTimeout(timeout)
      loginWindows.delete(win.webContents.id)
      if (!win.isDestroyed()) win.close()
      resolve(cookies)
    }
    const check = async (): Promise<void> => {
      if (settled || win.isDestroyed()) return
      const cookies = await ses.cookies.get({})
      if (o.done(cookies)) finish(cookies)
    }
    const poll = setInterval(() => void check(), 1000)
    const timeout = setTimeout(() => finish(null), o.timeoutMs)
    win.webContents.on('did-navigate', () => void check())
    win.on('closed', () => finish(null))
    void Promise.all(o.cookies.map((c) => ses.cookies.set({ url: c.url, name: c.name, value: c.value }))).then(() => win.loadURL(o.url))
  })
}
