/**
 * Backfill after a (re)connect (goofish-protocol.md §4.8, issue "honest health"): the recent
 * messages of the active conversations are fetched and emitted like pushes; dedupe happens
 * downstream (in-memory recent ids here, persisted ids in the app).
 */
import type { Clock } from '../ports'
import { sleep } from './backoff'
import { backfillEvents } from './backfill'
import type { ClassifyContext, GoofishEvent, MessageFields } from './classify'
import { eventMessage } from './dedupe'
import { at, num, str } from './extract'
import { stripImSuffix, type JsonValue } from './types'
import { listNewestPaginationFrame, listUserMessagesFrame, type LwpRequest } from './frames'
import type { LwpResponse } from './wsSession'

/** Body code of the gateway's flow control when listing too soon after `/reg`. */
export const FLOW_CONTROL_CODE = '400600001'

export interface BackfillDeps {
  readonly request: (build: (mid: string) => LwpRequest) => Promise<LwpResponse | null>
  /** False once the socket this backfill belongs to is gone. */
  readonly stillCurrent: () => boolean
  readonly deliver: (e: GoofishEvent) => void
  readonly ctx: () => ClassifyContext
  readonly clock: Clock
  readonly limit: number
  readonly activeConversations: (() => ReadonlyArray<string> | Promise<ReadonlyArray<string>>) | undefined
  readonly onRefused: (code: number, cid: string | undefined) => void
  /** Newest stored message time of a chat (null: none): turns on the gap-free backfill below. */
  readonly since?: (cid: string) => number | null
}

/** Pages per conversation (and of the conversation list) one backfill reads at most. */
const MAX_PAGES = 10

/** One listing request with the flow-control back-off; the body, or null when refused or gone. */
async function fetchPage(d: BackfillDeps, build: (mid: string) => LwpRequest, cid?: string): Promise<JsonValue | null> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const r = await d.request(build)
    if (!r || !d.stillCurrent()) return null
    if (str(at(r.body, 'code')) === FLOW_CONTROL_CODE) {
      await sleep(d.clock, 2000 * attempt) // flow control: back off 2/4/6 s
      continue
    }
    if (r.code !== 200) {
      d.onRefused(r.code, cid)
      return null
    }
    return r.body ?? null
  }
  return null
}

async function backfillOne(d: BackfillDeps, build: (mid: string) => LwpRequest, cid?: string): Promise<void> {
  const body = await fetchPage(d, build, cid)
  if (body !== null) for (const e of backfillEvents(body, d.ctx(), cid)) d.deliver(e)
}

/** A chat's messages newer than `known`, paged back from the newest (listUserMessages). */
async function backfillChat(d: BackfillDeps, cid: string, known: number | null): Promise<void> {
  let cursor: number | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = await fetchPage(d, (mid) => listUserMessagesFrame({ mid, cid, limit: d.limit, ...(cursor !== undefined ? { cursor } : {}) }), cid)
    if (body === null) return
    const events = backfillEvents(body, d.ctx(), cid)
    for (const e of events) d.deliver(e)
    const oldest = Math.min(...events.map((e) => ('message' in e ? e.message.timestamp ?? 0 : 0)))
    const next = num(at(body, 'nextCursor'))
    const more = at(body, 'hasMore')
    if (events.length === 0 || !(more === true || more === 1) || next === undefined || (known !== null && oldest <= known)) return
    cursor = next
  }
}

/**
 * Gap-free: every conversation the listing shows with a last message newer than what is stored is
 * paged back to the stored point. The listing is newest first, so a page without such a
 * conversation ends it.
 */
async function backfillSince(d: BackfillDeps, since: (cid: string) => number | null): Promise<void> {
  let cursor: number | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = await fetchPage(d, (mid) => listNewestPaginationFrame({ mid, limit: d.limit, ...(cursor !== undefined ? { cursor } : {}) }))
    if (body === null) return
    let newer = 0
    for (const conv of arr(at(body, 'userConvs'))) {
      const cid = str(at(conv, 'singleChatUserConversation', 'singleChatConversation', 'cid'))
      if (!cid || !d.stillCurrent()) continue
      const last = num(at(conv, 'singleChatUserConversation', 'lastMessage', 'message', 'createAt'))
      const known = since(stripImSuffix(cid))
      if (last !== undefined && known !== null && last <= known) continue
      newer++
      await backfillChat(d, stripImSuffix(cid), known)
    }
    const next = num(at(body, 'nextCursor'))
    const more = at(body, 'hasMore')
    if (newer === 0 || !(more === true || more === 1) || next === undefined) return
    cursor = next
  }
}

/** Active cids via listUserMessages; without a supplier, the newest conversations (gap-free with `since`). */
export async function runBackfill(d: BackfillDeps): Promise<void> {
  if (!d.activeConversations && d.since) return backfillSince(d, d.since)
  if (!d.activeConversations) return backfillOne(d, (mid) => listNewestPaginationFrame({ mid, limit: d.limit }))
  for (const cid of await d.activeConversations()) {
    if (!d.stillCurrent()) return
    await backfillOne(d, (mid) => listUserMessagesFrame({ mid, cid, limit: d.limit }), cid)
  }
}

const arr = (v: JsonValue | undefined): JsonValue[] => (Array.isArray(v) ? v : [])

export interface ProbeDeps extends Omit<BackfillDeps, 'activeConversations' | 'onRefused' | 'since'> {
  readonly isKnown: (m: MessageFields) => boolean
}

/**
 * Health probe for the "heartbeats fine, pushes gone" zombie: list the newest conversations and
 * count peer messages created after `sinceMs` (the session became healthy), older than `graceMs`,
 * that never arrived as a push. Returns the number of missed messages, or null when the listing
 * failed. With nothing missed, every listed message is delivered (dedupe drops known ones), except
 * unknown peer messages still inside the grace window: their push may be in flight, so the next
 * probe judges them (delivering them now would mark them known and hide a zombie for good).
 * With messages missed, nothing is delivered: the caller reconnects at once, and the backfill of
 * the fresh session delivers them — so their replies go out on a live socket, not a dying one.
 */
export async function runProbe(d: ProbeDeps, sinceMs: number, graceMs: number): Promise<number | null> {
  const r = await d.request((mid) => listNewestPaginationFrame({ mid, limit: d.limit }))
  if (!r || !d.stillCurrent() || r.code !== 200 || str(at(r.body, 'code')) === FLOW_CONTROL_CODE) return null
  const now = d.clock.now()
  let missed = 0
  const deliver: GoofishEvent[] = []
  for (const e of backfillEvents(r.body ?? null, d.ctx())) {
    const m = eventMessage(e)
    const ts = m?.timestamp ?? 0
    if (m && !m.senderIsSelf && ts > sinceMs && !d.isKnown(m)) {
      if (ts >= now - graceMs) continue
      missed++
    }
    deliver.push(e)
  }
  if (missed === 0) for (const e of deliver) d.deliver(e)
  return missed
}
