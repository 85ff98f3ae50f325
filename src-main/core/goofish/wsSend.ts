/**
 * Outbound messages over the socket (goofish-protocol.md §6): send-rate limit and human-like
 * delay, conversation creation, own-send tracking for echo safety, refusal recognition
 * (`CSI_FORBID||安全拦截`). A send is never retried automatically: nothing is sent twice.
 */
import type { Clock } from '../ports'
import { uploadImage } from './apis'
import type { GoofishClientConfig, ImageSource, SendImageInput, SendResult, SendTextInput } from './clientTypes'
import { GoofishError } from './errors'
import { at, str } from './extract'
import { createConversationFrame, sendImageFrame, sendTextFrame, type LwpRequest } from './frames'
import { generateUuid, type RandomFn } from './ids'
import type { MtopClient } from './mtop'
import type { OwnSendTracker } from './ownSends'
import { humanDelayMs, SlidingWindowLimiter } from './rateLimit'
import { stripImSuffix } from './types'
import { RequestTimeoutError, type LwpResponse, type WsSession } from './wsSession'

export interface SenderDeps {
  readonly unb: string
  readonly clock: Clock
  readonly random: RandomFn
  /** Read at every send: the rate, the human delay and the timeouts apply live. */
  readonly config: () => GoofishClientConfig
  readonly ownSends: OwnSendTracker
  readonly mtop: MtopClient
  readonly uploadUrl: string
  /** The healthy session, or undefined when not CONNECTED. */
  readonly session: () => WsSession | undefined
}

/** The gateway's refusal body: `{"reason":"…","moreInfo":"CSI_FORBID||安全拦截"}`. */
export function refusalOf(r: LwpResponse): string | undefined {
  const more = str(at(r.body, 'moreInfo')) ?? ''
  const reason = str(at(r.body, 'reason'))
  if (more.includes('CSI_FORBID') || more.includes('安全拦截')) return reason ?? more
  if (r.code !== 200) return reason ?? `code ${r.code}`
  return undefined
}

export class Sender {
  readonly #d: SenderDeps
  readonly #limiter: SlidingWindowLimiter
  /** Sends are serialised so the rate limit and ordering hold. */
  #queue: Promise<unknown> = Promise.resolve()
  /** Pending waits (rate limit, human delay): stop() rejects them instead of leaving timers behind. */
  readonly #waits = new Set<{ cancel(): void; reject(e: Error): void }>()

  constructor(d: SenderDeps) {
    this.#d = d
    this.#limiter = new SlidingWindowLimiter(d.config().sendRatePerMinute)
  }

  sendText(input: SendTextInput): Promise<SendResult> {
    return this.#enqueue(input, async () => {
      const cid = await this.#cid(input)
      return this.#send(cid, { text: input.text, uuid: input.uuid }, (mid, uuid) => sendTextFrame({ mid, uuid, cid, to: input.toUserId, me: this.#d.unb, text: input.text, style: this.#d.config().innerJsonStyle }))
    })
  }

  sendImage(input: SendImageInput): Promise<SendResult> {
    return this.#enqueue(input, async () => {
      const img = await this.#resolveImage(input.image)
      const cid = await this.#cid(input)
      const frame = (mid: string, uuid: string): LwpRequest =>
        sendImageFrame({ mid, uuid, cid, to: input.toUserId, me: this.#d.unb, url: img.url, width: img.width, height: img.height, customType: this.#d.config().imageCustomType, style: this.#d.config().innerJsonStyle })
      return this.#send(cid, { imageUrl: img.url, uuid: input.uuid }, frame)
    })
  }

  #enqueue<T>(input: { onQueued?: ((waitMs: number) => void) | undefined }, job: () => Promise<T>): Promise<T> {
    this.#limiter.perWindow = this.#d.config().sendRatePerMinute
    // tell the caller at once when this send will wait for the rate limit (behind others or for a slot)
    const ahead = this.#waiting
    const wait = this.#limiter.waitMs(this.#d.clock.now())
    if (input.onQueued && (wait > 0 || ahead > 0)) input.onQueued(Math.max(wait, 1))
    this.#waiting++
    const run = this.#queue.then(async () => {
      try {
        await this.#slot(input.onQueued)
      } finally {
        this.#waiting--
      }
      return job()
    })
    this.#queue = run.catch(() => undefined)
    return run
  }

  /** Sends queued and not yet through their slot. */
  #waiting = 0

  /**
   * Waits for a send slot. The rate is read again at least every second while waiting, so a
   * settings change reaches sends already queued; past maxSendQueueMs of waiting the send fails.
   */
  async #slot(onQueued?: (waitMs: number) => void): Promise<void> {
    const started = this.#d.clock.now()
    let told = false
    for (;;) {
      const cfg = this.#d.config()
      this.#limiter.perWindow = cfg.sendRatePerMinute
      const now = this.#d.clock.now()
      const wait = this.#limiter.waitMs(now)
      if (wait <= 0) break
      if (now - started + wait > cfg.maxSendQueueMs) throw new GoofishError('send_rate_limited', `send rate limit: next slot in ${wait} ms`)
      if (!told) onQueued?.(wait)
      told = true
      await this.#sleep(Math.min(wait, 1000))
    }
    const human = humanDelayMs(this.#d.config().humanDelayMs, this.#d.random)
    if (human > 0) await this.#sleep(human)
    this.#limiter.record(this.#d.clock.now())
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const w = {
        cancel: () => t.cancel(),
        reject: (e: Error) => reject(e)
      }
      const t = this.#d.clock.setTimeout(() => {
        this.#waits.delete(w)
        resolve()
      }, ms)
      this.#waits.add(w)
    })
  }

  /** Cancel every waiting send (they reject with `closed`); the sender stays usable. */
  dispose(): void {
    for (const w of this.#waits) {
      w.cancel()
      w.reject(new GoofishError('closed', 'client stopped while the send was waiting'))
    }
    this.#waits.clear()
  }

  #session(): WsSession {
    const s = this.#d.session()
    if (!s) throw new GoofishError('not_connected', 'not connected')
    return s
  }

  /** The chat with a buyer about an item (§6.3, created if it does not exist; the platform answers the same cid again). */
  openConversation(input: { toUserId: string; itemId: string }): Promise<string> {
    return this.#cid(input)
  }

  async #cid(input: { cid?: string; toUserId: string; itemId?: string }): Promise<string> {
    if (input.cid) return stripImSuffix(input.cid)
    if (!input.itemId) throw new GoofishError('business', 'sendText: a new conversation needs itemId')
    const r = await this.#session().request((mid) => createConversationFrame({ mid, peerId: input.toUserId, me: this.#d.unb, itemId: input.itemId ?? '' }), this.#d.config().requestTimeoutMs)
    const cid = str(at(r.body, 'singleChatConversation', 'cid')) ?? str(at(r.body, 'singleChatUserConversation', 'singleChatConversation', 'cid')) ?? str(at(r.body, 'data', 'singleChatConversation', 'cid'))
    if (r.code !== 200 || !cid) throw new GoofishError('business', `create conversation failed: ${refusalOf(r) ?? 'no cid'}`)
    return stripImSuffix(cid)
  }

  async #resolveImage(src: ImageSource): Promise<{ url: string; width: number; height: number }> {
    if ('url' in src) return src
    const up = await uploadImage(this.#d.mtop, this.#d.uploadUrl, src)
    // [X] defaults to 800×600 when the size is unknown
    return { url: up.url, width: up.width ?? 800, height: up.height ?? 600 }
  }

  async #send(cid: string, own: { text?: string; imageUrl?: string; uuid?: string | undefined }, build: (mid: string, uuid: string) => LwpRequest): Promise<SendResult> {
    const session = this.#session()
    const uuid = own.uuid ?? generateUuid(this.#d.clock.now())
    this.#d.ownSends.record({ uuid, cid, ...(own.text !== undefined ? { text: own.text } : {}), ...(own.imageUrl !== undefined ? { imageUrl: own.imageUrl } : {}) }, this.#d.clock.now())
    let r: LwpResponse
    try {
      r = await session.request((mid) => build(mid, uuid), this.#d.config().sendResponseTimeoutMs)
    } catch (err) {
      if (err instanceof RequestTimeoutError) return { cid, uuid, messageId: null, confirmed: false }
      this.#d.ownSends.forget(uuid)
      throw new GoofishError('closed', `send interrupted: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
    }
    const refused = refusalOf(r)
    if (refused !== undefined) {
      this.#d.ownSends.forget(uuid)
      throw new GoofishError('send_refused', `message refused: ${refused}`, { reason: refused })
    }
    const messageId = str(at(r.body, 'messageId')) ?? null
    if (messageId) this.#d.ownSends.confirm(uuid, messageId)
    return { cid, uuid, messageId, confirmed: true }
  }
}
