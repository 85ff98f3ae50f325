import { BrowserWindow, screen } from 'electron'
import { join } from 'node:path'
import { APP_ORIGIN, devOrigin, guardWebContents, secureWebPreferences } from './security'

export interface Bounds { x?: number; y?: number; width: number; height: number }

/** Keeps saved bounds only if they are still visible on a connected display. */
function visibleBounds(saved: Bounds | undefined): Bounds {
  const fallback = { width: 1280, height: 820 }
  if (!saved || saved.x === undefined || saved.y === undefined) return { ...fallback, ...(saved ? { width: saved.width, height: saved.height } : {}) }
  const { x, y } = saved
  const onScreen = screen.getAllDisplays().some((d) => x >= d.workArea.x - 50 && y >= d.workArea.y - 50 && x < d.workArea.x + d.workArea.width && y < d.workArea.y + d.workArea.height)
  return onScreen ? saved : fallback
}

export function createMainWindow(opts: { preload: string; saved?: Bounds; dark: boolean; onBounds: (b: Bounds) => void }): BrowserWindow {
  const win = new BrowserWindow({
    ...visibleBounds(opts.saved),
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: '闲鱼客服台',
    backgroundColor: opts.dark ? '#15171c' : '#f5f6f8',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(opts.preload)
  })
  guardWebContents(win.webContents)
  win.once('ready-to-show', () => {
    win.show()
    // `npm start` (scripts/start.ts) reads this line: after it, an exit is not a failed launch
    console.log('[xianyu-desk] window-ready')
  })
  const save = (): void => {
    if (!win.isDestroyed() && !win.isMinimized() && !win.isMaximized()) opts.onBounds(win.getBounds())
  }
  win.on('resized', save)
  win.on('moved', save)
  const dev = devOrigin()
  void win.loadURL(dev ? process.env.ELECTRON_RENDERER_URL ?? dev : `${APP_ORIGIN}/index.html`)
  return win
}

export const preloadPath = (): string => join(__dirname, '../preload/index.js')
export const rendererDir = (): string => join(__dirname, '../renderer')
