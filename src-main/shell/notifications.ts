import type { BrowserWindow} from 'electron';
import { Notification } from 'electron'
import type { Core } from '../core/app'

/**
 * Native notifications for what a human must see (core raises each incident once). Clicking one
 * brings the window forward; the renderer, which receives the same event, opens the right page.
 */
export function showNotices(core: Core, window: () => BrowserWindow | undefined): () => void {
  return core.events.on('notice.raised', (n) => {
    if (!core.services.settings.global().notifications || !Notification.isSupported()) return
    const note = new Notification({ title: n.title, body: n.body, silent: !core.services.settings.global().sound })
    note.on('click', () => {
      const win = window()
      if (!win) return
      if (win.isMinimized()) win.restore()
      win.show()
      win.focus()
      core.events.emit('notice.opened', { id: n.id, accountId: n.accountId, cid: n.cid, orderId: n.orderId })
    })
    note.show()
  })
}
