import { describe, expect, it } from 'vitest'
import { backoffDelay } from '../../../src-main/core/goofish/backoff'
import { backfillEvents, userMessageToPayload } from '../../../src-main/core/goofish/backfill'
import type { MessageFields } from '../../../src-main/core/goofish/classify'
import { messageDedupeKey, RecentIds } from '../../../src-main/core/goofish/dedupe'
import { GoofishError, toAppError } from '../../../src-main/core/goofish/errors'
import { OwnSendTracker } from '../../../src-main/core/goofish/ownSends'
import { humanDelayMs, SlidingWindowLimiter } from '../../../src-main/core/goofish/rateLimit'

const fields = (o: Partial<MessageFields>): MessageFields => ({
  cid: '51', senderId: '22', senderNick: '', peerUserNick: null, itemId: null, platformMessageId: null, messageIds: [], timestamp: 1, text: 'hi',
  contentType: 'text', rawContentType: 1, images: [], cardTitle: null, redReminder: null, sessionType: '1', needPush: true, bracketed: false,
  senderIsSelf: true, source: 'push', ...o
})

describe('backoff', () => {
  it('doubles from base, caps, adds bounded jitter', () => {
    const p = { baseMs: 100, maxMs: 1000, jitter: 0.5 }
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, p, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000])
    expect(backoffDelay(2, p, () => 0.999)).toBe(Math.round(400 * 1.4995))
    expect(backoffDelay(100, p, () => 1)).toBe(1500)
  })
})

describe('send hygiene', () => {
  it('sliding window limiter', () => {
    const l = new SlidingWindowLimiter(2, 1000)
    expect(l.waitMs(0)).toBe(0)
    l.record(0)
    l.record(100)
    expect(l.waitMs(500)).toBe(500)
    expect(l.waitMs(1000)).toBe(0)
  })
  it('human delay within [min,max], 0 when disabled', () => {
    expect(humanDelayMs({ min: 0, max: 0 }, () => 0.7)).toBe(0)
    expect(humanDelayMs({ min: 500, max: 1500 }, () => 0)).toBe(500)
    expect(humanDelayMs({ min: 500, max: 1500 }, () => 0.5)).toBe(1000)
  })
})

describe('dedupe', () => {
  it('platform id first, else cid|sender|timestamp|text-hash', () => {
    expect(messageDedupeKey(fields({ platformMessageId: 'X.PNM' }))).toBe('X.PNM')
    const a = messageDedupeKey(fields({ text: '你好' }))
    expect(a).toMatch(/^51\|22\|1\|[0-9a-f]{16}$/)
    expect(messageDedupeKey(fields({ text: '你好!' }))).not.toBe(a)
    expect(messageDedupeKey(fields({ text: '你好', timestamp: null }))).toMatch(/^51\|22\|\|/)
  })
  it('RecentIds is bounded and detects any shared key', () => {
    const r = new RecentIds(3)
    expect(r.firstSeen(['a', 'b'])).toBe(true)
    expect(r.firstSeen(['c', 'b'])).toBe(false)
    r.add('d')
    r.add('e')
    expect(r.size).toBe(3)
    expect(r.has('a')).toBe(false)
  })
})

describe('OwnSendTracker (echo safety)', () => {
  it('matches by server id, or by cid+text from self, once, within the window', () => {
    const t = new OwnSendTracker(1000)
    t.record({ uuid: '-1', cid: '51', text: 'hi' }, 0)
    expect(t.matches(fields({ text: 'hi', senderIsSelf: false }), 10)).toBe(false)
    expect(t.matches(fields({ text: 'hi' }), 10)).toBe(true)
    expect(t.matches(fields({ text: 'hi' }), 20)).toBe(false) // consumed
    t.record({ uuid: '-2', cid: '51', text: 'yo' }, 0)
    t.confirm('-2', 'S.PNM')
    expect(t.matches(fields({ text: 'other', messageIds: ['S.PNM'] }), 10)).toBe(true)
    t.record({ uuid: '-3', cid: '51', imageUrl: 'https://i/x.jpg' }, 0)
    expect(t.matches(fields({ text: '[图片]', images: [{ url: 'https://i/x.jpg', width: 1, height: 1 }] }), 2000)).toBe(false) // expired
  })
  it('answers exactly as a scan over every recent send would (random sends, confirms, forgets, echoes, expiry, overflow)', () => {
    // reference: the straightforward scan the index replaces (oldest matching record wins)
    type Ref = { uuid: string; cid: string; text: string | null; imageUrl: string | null; at: number; messageId: string | null }
    const ref: Ref[] = []
    const windowMs = 500
    const max = 12
    const t = new OwnSendTracker(windowMs, max)
    let seed = 7
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const pick = <T>(xs: ReadonlyArray<T>): T => xs[rnd(xs.length)] as T
    const cids = ['51', '52', '53']
    const texts = ['hi', 'yo', '在的']
    let now = 0
    let uuids = 0
    let checks = 0
    let echoes = 0
    for (let step = 0; step < 8000; step++) {
      now += rnd(20)
      const op = rnd(10)
      if (op < 4) {
        const image = rnd(4) === 0
        const s: { uuid: string; cid: string; text?: string; imageUrl?: string } = { uuid: `-${++uuids}`, cid: pick(cids), ...(image ? { imageUrl: `https://i/${rnd(3)}.jpg` } : { text: pick(texts) }) }
        t.record(s, now)
        ref.push({ uuid: s.uuid, cid: s.cid, text: s.text ?? null, imageUrl: s.imageUrl ?? null, at: now, messageId: null })
        if (ref.length > max) ref.shift()
      } else if (op < 6) {
        const uuid = `-${Math.max(1, uuids - rnd(6))}`
        const id = `S${rnd(8)}.PNM`
        t.confirm(uuid, id)
        const r = ref.find((x) => x.uuid === uuid)
        if (r) r.messageId = id
      } else if (op < 7) {
        const uuid = `-${Math.max(1, uuids - rnd(6))}`
        t.forget(uuid)
        const i = ref.findIndex((x) => x.uuid === uuid)
        if (i >= 0) ref.splice(i, 1)
      } else {
        const m = fields({
          cid: pick(cids), senderIsSelf: rnd(3) > 0, text: pick([...texts, '[图片]']),
          messageIds: rnd(2) === 0 ? [`S${rnd(8)}.PNM`, `S${rnd(8)}.PNM`] : [],
          images: rnd(3) === 0 ? [{ url: `https://i/${rnd(3)}.jpg`, width: 1, height: 1 }] : []
        })
        while (ref.length > 0 && now - (ref[0] as Ref).at > windowMs) ref.shift()
        const i = ref.findIndex((s) => (s.messageId !== null && m.messageIds.includes(s.messageId)) ||
          (m.senderIsSelf && m.cid === s.cid && ((s.text !== null && m.text === s.text) || (s.imageUrl !== null && m.images.some((p) => p.url === s.imageUrl)))))
        if (i >= 0) ref.splice(i, 1)
        const got = t.matches(m, now)
        expect(got, `step ${step}`).toBe(i >= 0)
        checks++
        if (got) echoes++
      }
    }
    expect(checks).toBeGreaterThan(1000)
    expect(echoes).toBeGreaterThan(100)
  })
})

describe('backfill models', () => {
  it('a listUserMessages model becomes a push root that classifies the same way', () => {
    const model = { message: { messageId: 'M.PNM', sender: { uid: '33@goofish' }, createAt: 5, content: { contentType: 101, custom: { type: 1, data: Buffer.from('{"contentType":2,"image":{"pics":[{"url":"https://i/a.jpg","width":3,"height":4}]}}').toString('base64'), summary: '[图片]' } }, extension: { senderUserId: '33', reminderContent: '[图片]' } } }
    expect(userMessageToPayload(model)).toBeUndefined() // no cid and no hint
    const [e] = backfillEvents({ userMessageModels: [model] }, { unb: '22' }, '51')
    expect(e?.kind).toBe('message')
    if (e?.kind !== 'message') return
    expect(e.message).toMatchObject({ cid: '51', senderId: '33', contentType: 'image', platformMessageId: 'M.PNM', timestamp: 5, source: 'backfill', images: [{ url: 'https://i/a.jpg', width: 3, height: 4 }] })
  })
})

describe('errors', () => {
  it('map to AppError codes the app acts on', () => {
    expect(toAppError(new GoofishError('needs_verification', 'x', { verifyUrl: 'u' }))).toMatchObject({ code: 'NEEDS_VERIFICATION', details: { verifyUrl: 'u' } })
    expect(toAppError(new GoofishError('needs_login', 'x')).code).toBe('NEEDS_LOGIN')
    expect(toAppError(new GoofishError('send_refused', 'x')).code).toBe('FORBIDDEN')
    expect(new GoofishError('rate_limited', 'x').needsHuman).toBe(false)
  })
})
