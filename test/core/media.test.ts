import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCore, SAMPLE_COOKIE, type TestCore } from '../helpers/core'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64')
let server: Server
let base: string
let t: TestCore
let hits = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++
    if (req.url === '/a.png') return void res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG)
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>login</html>')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  t = makeCore()
})
afterAll(async () => {
  await t.dispose()
  await new Promise((r) => server.close(r))
})

describe('media.image', () => {
  it('returns a stored message image as a data: URL, cached; refuses what is not an image', async () => {
    const a = await t.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE })
    const img = t.core.services.chats.record({ accountId: a.id, cid: 'c1', direction: 'in', senderId: 'b', senderNick: 'b', contentType: 'image', text: '[图片]', imageUrl: `${base}/a.png`, platformMessageId: 'i1', createdAt: 1 })
    const html = t.core.services.chats.record({ accountId: a.id, cid: 'c1', direction: 'in', senderId: 'b', senderNick: 'b', contentType: 'image', text: '[图片]', imageUrl: `${base}/login`, platformMessageId: 'i2', createdAt: 2 })
    const text = t.core.services.chats.record({ accountId: a.id, cid: 'c1', direction: 'in', senderId: 'b', senderNick: 'b', contentType: 'text', text: 'hi', platformMessageId: 'i3', createdAt: 3 })
    const r = await t.core.api['media.image']({ messageId: img?.id ?? -1 })
    expect(r.dataUrl).toBe(`data:image/png;base64,${PNG.toString('base64')}`)
    await t.core.api['media.image']({ messageId: img?.id ?? -1 })
    expect(hits).toBe(1)
    await expect(t.core.api['media.image']({ messageId: html?.id ?? -1 })).rejects.toThrow(/Could not load/)
    await expect(t.core.api['media.image']({ messageId: text?.id ?? -1 })).rejects.toThrow(/no image/)
  })
})
