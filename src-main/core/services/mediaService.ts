import { AppError } from '../errors'
import type { MessageRepo } from '../db/repos/messageRepo'
import { TtlCache } from '../pipeline/ttlCache'

const MAX_BYTES = 4 * 1024 * 1024
const TIMEOUT_MS = 10_000

type FetchBytes = (url: string, init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<{ ok: boolean; status: number; headers: { get(n: string): string | null }; arrayBuffer(): Promise<ArrayBuffer> }>

/**
 * Chat images for the renderer as data: URLs. Only URLs stored with a message are fetched (the
 * renderer cannot make core fetch arbitrary addresses), only http(s), only image/* up to 4 MB.
 */
export class MediaService {
  readonly #messages: MessageRepo
  readonly #fetch: FetchBytes
  readonly #cache = new TtlCache<string>(64, 30 * 60_000)

  constructor(deps: { messages: MessageRepo; fetch?: FetchBytes }) {
    this.#messages = deps.messages
    this.#fetch = deps.fetch ?? (globalThis.fetch.bind(globalThis) as unknown as FetchBytes)
  }

  async image(messageId: number): Promise<string> {
    const url = this.#messages.get(messageId)?.imageUrl
    if (!url) throw new AppError('NOT_FOUND', `这条消息没有图片 / Message ${messageId} has no image`)
    const cached = this.#cache.get(url)
    if (cached) return cached
    let parsed: URL
    try {
      parsed = new URL(url.startsWith('//') ? `https:${url}` : url)
    } catch {
      throw new AppError('BAD_INPUT', '图片地址无效 / Invalid image address')
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new AppError('BAD_INPUT', '图片地址无效 / Invalid image address')
    const res = await this.#fetch(parsed.toString(), { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { Referer: 'https://www.goofish.com/' } })
      .catch((cause: unknown) => { throw new AppError('UNAVAILABLE', '图片下载失败 / Could not load the image', { cause }) })
    const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? ''
    if (!res.ok || !type.startsWith('image/')) throw new AppError('UNAVAILABLE', `图片下载失败（${res.status}）/ Could not load the image (${res.status})`)
    const bytes = Buffer.from(await res.arrayBuffer())
    if (bytes.byteLength > MAX_BYTES) throw new AppError('UNAVAILABLE', '图片太大 / The image is too large')
    const dataUrl = `data:${type};base64,${bytes.toString('base64')}`
    this.#cache.set(url, dataUrl)
    return dataUrl
  }
}
