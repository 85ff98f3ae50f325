import { app, Menu, nativeImage, Tray } from 'electron'
import { join } from 'node:path'
import type { Core } from '../core/app'
import { statusSummary } from '../core/services/statusSummary'

/**
 * Tray icon with connection status, unread count and a "pause all automatic replies" toggle;
 * closing the window keeps the app here. The numbers come from core; this only draws them.
 */
export function createTray(core: Core, show: () => void, quit: () => void): () => void {
  const icon = nativeImage.createFromPath(join(app.getAppPath(), 'resources', process.platform === 'darwin' ? 'tray.png' : 'tray@2x.png'))
  const tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon.resize({ width: 18, height: 18 }))
  let timer: NodeJS.Timeout | undefined
  const render = (): void => {
    const s = statusSummary(core.services.db, core.services.accounts)
    const paused = core.services.settings.global().pauseAllAi
    tray.setToolTip(`闲鱼客服台 · ${s.online}/${s.accounts} 在线 · ${s.unread} 未读${paused ? ' · 自动回复已暂停' : ''}`)
    app.setBadgeCount(s.unread)
    tray.setContextMenu(Menu.buildFromTemplate([
      { label: `${s.online}/${s.accounts} 个账号在线${s.needAttention ? `，${s.needAttention} 个需要处理` : ''}`, enabled: false },
      { label: `${s.unread} 条未读`, enabled: false },
      { type: 'separator' },
      { label: '暂停全部自动回复 / Pause all auto-replies', type: 'checkbox', checked: paused, click: (item) => void core.api['settings.update']({ global: { pauseAllAi: item.checked } }) },
      { label: '打开闲鱼客服台 / Open', click: show },
      { type: 'separator' },
      { label: '退出 / Quit', click: quit }
    ]))
  }
  // events come in bursts: redraw at most a few times a second
  const schedule = (): void => {
    if (!timer) timer = setTimeout(() => { timer = undefined; render() }, 300)
  }
  tray.on('click', show)
  const offs = [core.events.on('conversation.changed', schedule), core.events.on('account.changed', schedule)]
  render()
  return () => {
    for (const off of offs) off()
    clearTimeout(timer)
    tray.destroy()
  }
}
