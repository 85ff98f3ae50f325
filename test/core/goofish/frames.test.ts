import { describe, expect, it } from 'vitest'
import {
  ackDiffNowFrame, ackDiffStateFrame, ackFrame, createConversationFrame, getStateFrame, heartbeatFrame,
  listNewestPaginationFrame, listUserMessagesFrame, pythonJsonDumps, regFrame, sendImageFrame
} from '../../../src-main/core/goofish/frames'
import { IM_APP_KEY } from '../../../src-main/core/goofish/types'

describe('frames (§4, §6)', () => {
  it('/reg carries the exact documented headers and no body', () => {
    const f = regFrame({ token: 'tok', did: 'DID-1', mid: '1 0' })
    expect(f.lwp).toBe('/reg')
    expect(f.body).toBeUndefined()
    expect(f.headers).toMatchObject({ 'cache-header': 'app-key token ua wv', 'app-key': IM_APP_KEY, token: 'tok', dt: 'j', wv: 'im:3,au:3,sy:6', sync: '0,0;0;0;', did: 'DID-1', mid: '1 0' })
    expect(f.headers['ua']).toContain('DingTalk(2.1.5)')
  })
  it('ackDiff "now" uses microseconds in pts', () => {
    expect(ackDiffNowFrame('m', 1760000000123.7)).toEqual({
      lwp: '/r/SyncStatus/ackDiff', headers: { mid: 'm' },
      body: [{ pipeline: 'sync', tooLong2Tag: 'PNM,1', channel: 'sync', topic: 'sync', highPts: 0, pts: 1760000000123000, seq: 0, timestamp: 1760000000123 }]
    })
  })
  it('getState → ackDiff echoes the state object', () => {
    expect(getStateFrame('m')).toEqual({ lwp: '/r/SyncStatus/getState', headers: { mid: 'm' }, body: [{ topic: 'sync' }] })
    const st = { pipeline: 'sync', topic: 'sync', pts: 5, highPts: 1, seq: 2, timestamp: 3 }
    expect(ackDiffStateFrame('n', st).body).toEqual([st])
  })
  it('heartbeat and ACK', () => {
    expect(heartbeatFrame('h')).toEqual({ lwp: '/!', headers: { mid: 'h' } })
    expect(ackFrame({ mid: 'p', sid: 's', 'app-key': 'k', ua: 'u', dt: 'j', other: 'x' }, 'fresh')).toEqual({ code: 200, headers: { mid: 'p', sid: 's', 'app-key': 'k', ua: 'u', dt: 'j' } })
    expect(ackFrame({}, 'fresh')).toEqual({ code: 200, headers: { mid: 'fresh', sid: '' } })
  })
  it('image send: custom.data holds the pics JSON; custom.type selectable', () => {
    const f = sendImageFrame({ mid: 'm', uuid: '-1', cid: '51', to: '33', me: '22', url: 'https://img/a.jpg', width: 800, height: 600, customType: 2, style: 'compact' })
    const body0 = f.body?.[0] as { cid: string; content: { custom: { type: number; data: string } } }
    expect(body0.cid).toBe('51@goofish')
    expect(body0.content.custom.type).toBe(2)
    expect(JSON.parse(Buffer.from(body0.content.custom.data, 'base64').toString())).toEqual({ contentType: 2, image: { pics: [{ height: 600, type: 0, url: 'https://img/a.jpg', width: 800 }] } })
    expect(f.body?.[1]).toEqual({ actualReceivers: ['33@goofish', '22@goofish'] })
  })
  it('create conversation: peer first by default, ascending on request', () => {
    const a = createConversationFrame({ mid: 'm', peerId: '3300000000002', me: '2200000000001', itemId: '8' })
    expect(a.body?.[0]).toMatchObject({ pairFirst: '3300000000002@goofish', pairSecond: '2200000000001@goofish', bizType: '1', extension: { itemId: '8' } })
    const b = createConversationFrame({ mid: 'm', peerId: '3300000000002', me: '2200000000001', itemId: '8', pairOrder: 'ascending' })
    expect(b.body?.[0]).toMatchObject({ pairFirst: '2200000000001@goofish', pairSecond: '3300000000002@goofish' })
  })
  it('backfill requests', () => {
    expect(listNewestPaginationFrame({ mid: 'm' }).body).toEqual([9007199254740991, 20])
    expect(listUserMessagesFrame({ mid: 'm', cid: '51', limit: 30 }).body).toEqual(['51@goofish', false, 9007199254740991, 30, false])
  })
  it('pythonJsonDumps escapes like json.dumps (lowercase hex, surrogates, controls, DEL)', () => {
    expect(pythonJsonDumps({ a: 'é😀\n"\\\x7f', b: [1, null, true] })).toBe('{"a": "\\u00e9\\ud83d\\ude00\\n\\"\\\\\\u007f", "b": [1, null, true]}')
  })
})
