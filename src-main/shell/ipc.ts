import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { CALL_KEYS, CALL_PREFIX, EVENT_PREFIX } from '@contract/channels'
import type { Result } from '@contract/errors'
import type { Core } from '../core/app'
import { dispatch } from '../core/dispatch'
import type { Logger } from '../core/ports'
import { isAppUrl } from './security'

/**
 * A call may only come from the top frame of one of our windows showing our own UI —
 * never from a subframe, a webview, or a page that navigated elsewhere (STYLE §6.8).
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  if (event.sender.getType() !== 'window') return false
  return isAppUrl(frame.url)
}

/** One loop over the contract: check sender → zod-parse → core → Result. Returns the disposer. */
export function bindIpc(core: Core, logger: Logger, opts: { checkOutput: boolean }): () => void {
  for (const key of CALL_KEYS) {
    ipcMain.handle(`${CALL_PREFIX}${key}`, async (event, raw: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) {
        logger.warn('ipc call from untrusted sender rejected', { key, url: event.senderFrame?.url ?? '' })
        return { ok: false, error: { code: 'FORBIDDEN', message: 'untrusted sender' } }
      }
      return dispatch(core.api, key, raw, { logger, checkOutput: opts.checkOutput })
    })
  }
  return () => {
    for (const key of CALL_KEYS) ipcMain.removeHandler(`${CALL_PREFIX}${key}`)
  }
}

/** Forwards every core event to the given renderers. */
export function forwardEvents(core: Core, targets: () => ReadonlyArray<WebContents>): () => void {
  return core.events.onAny((event, payload) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(`${EVENT_PREFIX}${event}`, payload)
  })
}
