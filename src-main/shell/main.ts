import { app, BrowserWindow, dialog, nativeTheme } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createCore, type Core } from '../core/app'
import { simulatorDemoWorld } from '../simulator/demoWorld'
import type { Logger } from '../core/ports'
import { createLogger, fileSink, consoleSink } from '../core/log/logger'
import { installProcessGuards } from '../core/processGuard'
import { flushWrites } from '../core/db/open'
import { DbOpenError } from '../core/db/integrity'
import { restoreBackup } from '../core/db/backups'
import { bindIpc, forwardEvents } from './ipc'
import { handleAppScheme, registerAppScheme } from './protocol'
import { blockRendererNetwork, guardWebContents, installPermissionHandlers } from './security'
import { desktopSecretStore } from './secrets'
import { createMainWindow, preloadPath, rendererDir } from './windows'
import { openPreferences } from './preferences'
import { electronBrowser } from './loginWindow'
import { showNotices } from './notifications'
import { createTray } from './tray'

registerAppScheme()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0]
    if (win) {
      if (win.isMinimized()) win.restore()
      win.show()
      win.focus()
    }
  })
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents))
  app.whenReady().then(start).catch((err: unknown) => {
    console.error('start-up failed', err)
    app.exit(1)
  })
}

/** In development the Electron-ABI better-sqlite3 binary lives apart from Node's (scripts/native.mjs). */
function nativeBinding(): string | undefined {
  if (app.isPackaged) return undefined
  const p = join(app.getAppPath(), '.native', 'electron', 'better_sqlite3.node')
  return existsSync(p) ? p : undefined
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData')
  const logFile = join(dataDir, 'logs', 'main.log')
  const logger = createLogger({ sinks: app.isPackaged ? [fileSink(logFile)] : [consoleSink, fileSink(logFile)] })
  let core: Core | null = null
  // same policy as the headless host (core/processGuard.ts); Electron's default would show a dialog and keep running in an unknown state
  installProcessGuards({
    logger, logFile, flush: () => { if (core) flushWrites(core.services.db) },
    exit: (message, code) => {
      dialog.showErrorBox('闲鱼客服台 Xianyu Desk', message)
      app.exit(code)
    }
  })
  const secrets = await desktopSecretStore(logger)
  try {
    core = createCore(
      { secrets: secrets.store, secretsUnavailableReason: secrets.reason, logger, paths: { dataDir }, host: 'electron', appVersion: app.getVersion(), browser: electronBrowser, demo: simulatorDemoWorld(logger.child('demo')) },
      { nativeBinding: nativeBinding(), restoreHint: () => '点击“恢复最新备份” / click “Restore the newest backup”' }
    )
  } catch (err) {
    if (err instanceof DbOpenError) return refuseDamagedDb(err, logger)
    throw err
  }
  serve(core, logger)
}

/** A damaged database is never opened: say where it is, and offer the newest backup (then relaunch). */
function refuseDamagedDb(err: DbOpenError, logger: Logger): void {
  logger.error('database refused at start', { damage: err.damage, file: err.file, newestBackup: err.newestBackup })
  const buttons = err.newestBackup ? ['恢复最新备份 / Restore the newest backup', '退出 / Quit'] : ['退出 / Quit']
  const choice = dialog.showMessageBoxSync({ type: 'error', title: '闲鱼客服台 Xianyu Desk', message: err.message.split('\n')[0] ?? err.message, detail: err.message, buttons, defaultId: 0, cancelId: buttons.length - 1 })
  if (err.newestBackup && choice === 0) {
    try {
      restoreBackup({ file: err.file, backup: err.newestBackup, now: Date.now(), nativeBinding: nativeBinding() })
      app.relaunch()
      return app.exit(0)
    } catch (restoreErr) {
      dialog.showErrorBox('闲鱼客服台 Xianyu Desk', (restoreErr as Error).message)
    }
  }
  app.exit(1)
}

function serve(core: Core, logger: Logger): void {
  void core.start().catch((err: unknown) => logger.error('starting the accounts failed', { err }))
  handleAppScheme(rendererDir())
  installPermissionHandlers()
  blockRendererNetwork()
  const disposers = [bindIpc(core, logger.child('ipc'), { checkOutput: !app.isPackaged })]
  const prefs = openPreferences()
  const theme = core.services.settings.global().theme
  let quitting = false
  const open = (): BrowserWindow => createMainWindow({
    preload: preloadPath(),
    saved: prefs.get('bounds'),
    dark: theme === 'dark' || (theme === 'system' && nativeTheme.shouldUseDarkColors),
    onBounds: (b) => prefs.set('bounds', b)
  })
  const keepInTray = (win: BrowserWindow): BrowserWindow => {
    // closing the window keeps the app (and the accounts) running in the tray
    win.on('close', (e) => {
      if (!quitting) {
        e.preventDefault()
        win.hide()
      }
    })
    return win
  }
  const show = (): void => {
    const win = BrowserWindow.getAllWindows()[0] ?? keepInTray(open())
    win.show()
    win.focus()
  }
  keepInTray(open())
  disposers.push(forwardEvents(core, () => BrowserWindow.getAllWindows().map((w) => w.webContents)))
  disposers.push(createTray(core, show, () => { quitting = true; app.quit() }))
  const applyLoginItem = (): void => app.setLoginItemSettings({ openAtLogin: core.services.settings.global().startAtLogin })
  applyLoginItem()
  disposers.push(core.services.settings.onChange((accountId) => { if (accountId === null) applyLoginItem() }))
  app.on('before-quit', () => { quitting = true })
  disposers.push(showNotices(core, () => BrowserWindow.getAllWindows()[0]))
  app.on('activate', show)
  // the tray keeps the app alive when its window is closed: replies go on
  app.on('window-all-closed', () => {})
  app.on('will-quit', () => {
    for (const d of disposers) d()
    void core.close()
  })
}
