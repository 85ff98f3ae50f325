/**
 * Decode throughput: realistic push payloads (encoded by the simulator exactly like the gateway:
 * base64 MessagePack, int keys, uint64 timestamps, map16 extension) through the client's
 * decodePayload + classifyPayload, and whole 20-item sync packages through decodeSyncFrame.
 */
import { classifyPayload, decodePayload, decodeSyncFrame, type JsonValue } from '../../src-main/core/goofish'
import { addCardMessage, addChatMessage } from '../../src-main/simulator/messages'
import { messageItem, syncFrame, typingItem, type SyncItem } from '../../src-main/simulator/wire'
import { World } from '../../src-main/simulator/world'
import { nowMs } from './stats'

const SELLER = '2200000000001'
const TEXTS = ['你好，这个还在吗？', '能便宜点吗', '九十块可以吗，包邮吗', '电池健康多少？有没有维修过？屏幕有划痕吗？配件都齐全吗？', '在吗', '小刀一下呗，诚心要']

/** A mix like a real inbox: texts of several lengths, images, order cards, typing. */
export function realisticItems(n: number): SyncItem[] {
  const world = new World(() => 1_760_000_000_000)
  world.addItem({ itemId: '800000000101', title: '九成新 Switch OLED', desc: '国行', price: '1650.00', quantity: 1, images: [], skus: [] })
  const items: SyncItem[] = []
  for (let i = 0; items.length < n; i++) {
    const conv = world.ensureConversation(SELLER, `33000${String(100000 + (i % 500))}`, '800000000101')
    const k = i % 20
    if (k === 19) items.push(typingItem(conv.buyerId, conv.cid, 1_760_000_000_000 + i))
    else if (k === 18) items.push(messageItem(addCardMessage(world, conv, world.createOrder(conv, '1600.00'), 'paid')))
    else if (k === 17) items.push(messageItem(addChatMessage(world, { conv, origin: 'buyer', image: { url: `https://img.example/${i}.jpg`, width: 800, height: 600 } })))
    else items.push(messageItem(addChatMessage(world, { conv, origin: 'buyer', text: `${TEXTS[i % TEXTS.length] ?? ''} #${i}` })))
  }
  return items
}

const ctx = { unb: SELLER, isOwnSend: () => false }

function run(seconds: number, body: () => number): { ops: number; bytes: number; ms: number } {
  let ops = 0
  let bytes = 0
  const t0 = nowMs()
  const end = t0 + seconds * 1000
  while (nowMs() < end) {
    for (let i = 0; i < 50; i++) {
      bytes += body()
      ops++
    }
  }
  return { ops, bytes, ms: nowMs() - t0 }
}

export function benchDecode(opts: { seconds?: number } = {}): Record<string, unknown> {
  const seconds = opts.seconds ?? 3
  const items = realisticItems(2_000)
  let i = 0
  let bad = 0
  // warm up the JIT, then measure
  const one = (): number => {
    const it = items[i++ % items.length] as SyncItem
    const d = decodePayload(it.data)
    if (!d.ok) bad++
    else classifyPayload(d.value, ctx)
    return it.data.length
  }
  run(0.5, one)
  const single = run(seconds, one)
  const frames: JsonValue[] = []
  for (let f = 0; f < 100; f++) {
    const slice = items.slice(f * 20, f * 20 + 20)
    frames.push(JSON.parse(JSON.stringify(syncFrame('/s/sync', { mid: `1${f} 0`, sid: 's', appKey: 'k', ua: 'ua', dt: 'j' }, slice, 1_760_000_000_000, f * 20))) as JsonValue)
  }
  const frameBytes = frames.map((f) => JSON.stringify(f).length)
  let fi = 0
  const pkg = (): number => {
    const k = fi++ % frames.length
    decodeSyncFrame(frames[k] as JsonValue, ctx)
    return frameBytes[k] ?? 0
  }
  run(0.3, pkg)
  const packages = run(seconds, pkg)
  const avgBytes = items.reduce((a, x) => a + x.data.length, 0) / items.length
  return {
    payloads: items.length, avgPayloadBase64Bytes: Math.round(avgBytes), undecodable: bad,
    decodeClassify: { payloadsPerSec: Math.round((single.ops / single.ms) * 1000), mbPerSec: round1((single.bytes / single.ms) * 1000 / 1e6) },
    syncPackages20Items: { packagesPerSec: Math.round((packages.ops / packages.ms) * 1000), itemsPerSec: Math.round((packages.ops * 20 / packages.ms) * 1000), mbPerSec: round1((packages.bytes / packages.ms) * 1000 / 1e6) },
    note: 'one core; MB/s counts the base64 payload text (frames: the JSON frame text, already parsed)'
  }
}

const round1 = (v: number): number => Math.round(v * 10) / 10
