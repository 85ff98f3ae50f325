/**
 * Fault scenarios through the simulator (issue 3). Each runs against a started World and throws
 * when an invariant breaks: the client recovers by itself (or reaches the human-needed status),
 * every buyer message written during/after the fault is stored exactly once, and every chat gets
 * exactly one reply (keyword rule "在吗"). Returns the time to recover.
 *
 * recoveryMs: from injecting the fault until the client is CONNECTED again (when the fault cost
 * the connection) AND every message written during the fault is persisted. For the human-needed
 * faults: until the account shows needs_login / needs_verification.
 */
import type { SimMessage } from '../../../src-main/simulator/world'
import { allDelivered, assertExactlyOnce, assertSentOncePerChat, sleep, until, type World } from './world'

export interface FaultReport {
  readonly fault: string
  readonly recoveryMs: number
  /** Buyer messages written during and after the fault (all stored once). */
  readonly messages: number
  readonly replies: number
  /** Reconnects the client made (RECONNECTING transitions) after the fault. */
  readonly reconnects: number
  readonly detail?: Record<string, unknown>
}

interface OutageSpec {
  readonly inject: (w: World) => void
  /** Cleared once the client noticed (RECONNECTING): the broken socket is gone. */
  readonly clearOnReconnect?: (w: World) => void
  /** Cleared after the fault-window messages are delivered. */
  readonly clearAfter?: (w: World) => void
  /** Whether the fault must cost the connection (false: it must NOT reconnect). */
  readonly reconnects: boolean
  readonly during?: number
  /** ms between fault-window messages (separate sync packages). */
  readonly spacingMs?: number
}

async function sayMany(w: World, tag: string, n: number, spacingMs: number): Promise<SimMessage[]> {
  const out: SimMessage[] = []
  for (let i = 0; i < n; i++) {
    out.push(w.say(`在吗 ${tag}-${i}`))
    if (spacingMs > 0 && i < n - 1) await sleep(spacingMs)
  }
  return out
}

async function settleReplies(w: World, msgs: ReadonlyArray<SimMessage>): Promise<void> {
  await until(`${msgs.length} replies`, () => w.sim.control.sent().length >= msgs.length)
  await sleep(300) // a second reply would show up here
  assertSentOncePerChat(w, msgs)
}

/** Baseline message, fault, messages during it, recovery, messages after it; all checked. */
async function outage(w: World, name: string, spec: OutageSpec): Promise<FaultReport> {
  const base = [w.say(`在吗 ${name}-base`)]
  await until('baseline delivered', () => allDelivered(w, base.map((m) => m.text)))
  await until('baseline replied', () => w.sim.control.sent().length === 1)
  await sleep(400) // past the post-connect backfill, which would otherwise pick up fault-window messages
  const t0 = Date.now()
  spec.inject(w)
  const during = await sayMany(w, `${name}-during`, spec.during ?? 3, spec.spacingMs ?? 0)
  let connectedAt = t0
  if (spec.reconnects) {
    await until('fault detected (RECONNECTING)', () => w.stateAfter(t0, 'RECONNECTING') !== undefined)
    spec.clearOnReconnect?.(w)
    connectedAt = await until('reconnected', () => {
      const r = w.stateAfter(t0, 'RECONNECTING')
      return r !== undefined && w.stateAfter(r.at, 'CONNECTED') !== undefined
    })
    connectedAt = w.stateAfter(w.stateAfter(t0, 'RECONNECTING')?.at ?? t0, 'CONNECTED')?.at ?? connectedAt
  }
  const deliveredAt = await until('fault-window messages delivered', () => allDelivered(w, during.map((m) => m.text)))
  const recoveryMs = Math.max(connectedAt, deliveredAt) - t0
  spec.clearAfter?.(w)
  const after = await sayMany(w, `${name}-after`, 2, 0)
  const all = [...base, ...during, ...after]
  await until('post-fault messages delivered', () => allDelivered(w, all.map((m) => m.text)))
  await settleReplies(w, all)
  assertExactlyOnce(w, all.map((m) => m.text))
  const reconnects = w.states.filter((s) => s.at >= t0 && s.state === 'RECONNECTING').length
  if (!spec.reconnects && reconnects > 0) throw new Error(`${name}: the connection was dropped (${reconnects} reconnects); it must survive this fault`)
  return { fault: name, recoveryMs, messages: during.length + after.length, replies: w.sim.control.sent().length - 1, reconnects }
}

const MALFORMED = ['notJson', 'badBase64', 'badMsgpack', 'truncated', 'ext', 'jsonHint', 'emptyItem'] as const
const OVERSIZED_BYTES = 512 * 1024

async function malformed(w: World): Promise<FaultReport> {
  const inject = (x: World): void => {
    for (const kind of MALFORMED) x.sim.control.sendMalformed({ kind })
    x.sim.control.sendOversized({ bytes: OVERSIZED_BYTES })
  }
  const r = await outage(w, 'malformed', { inject, reconnects: false })
  // the oversized push is a valid buyer message: stored exactly once, never answered (no rule)
  const big = [...w.inboundCounts()].filter(([text]) => text.length * 3 >= OVERSIZED_BYTES)
  if (big.length !== 1 || big[0]?.[1] !== 1) throw new Error(`oversized message stored ${big.map((b) => b[1]).join('+') || 0} times`)
  return { ...r, detail: { malformedKinds: MALFORMED.length, oversizedBytes: OVERSIZED_BYTES } }
}

/** No reconnect storm: the client stays FAILED, no token calls, no connections for `ms`. */
async function assertNoStorm(w: World, ms: number): Promise<Record<string, number>> {
  const c0 = w.sim.control.counters()
  await sleep(ms)
  const c1 = w.sim.control.counters()
  const state = w.t.core.services.manager.client(w.accountId)?.state
  if (state !== 'FAILED') throw new Error(`client state ${state}, expected FAILED`)
  const extra = { tokenCalls: c1.tokenCalls - c0.tokenCalls, connections: c1.connections - c0.connections, mtopCalls: c1.mtopCalls - c0.mtopCalls }
  if (extra.tokenCalls > 0 || extra.connections > 0) throw new Error(`reconnect storm after FAILED: ${JSON.stringify(extra)}`)
  return extra
}

async function humanNeeded(w: World, name: string, inject: (w: World) => string | undefined, status: 'needs_login' | 'needs_verification'): Promise<FaultReport> {
  const c0 = w.sim.control.counters()
  const t0 = Date.now()
  const verifyUrl = inject(w)
  const at = await until(`status ${status}`, async () => (await w.account()).status === status)
  const account = await w.account()
  if (status === 'needs_verification' && (!account.verifyUrl || (verifyUrl && account.verifyUrl !== verifyUrl))) {
    throw new Error(`verify URL ${account.verifyUrl} (expected ${verifyUrl})`)
  }
  const quiet = await assertNoStorm(w, 1_500)
  const c1 = w.sim.control.counters()
  return {
    fault: name, recoveryMs: at - t0, messages: 0, replies: 0,
    reconnects: w.states.filter((s) => s.at >= t0 && s.state === 'RECONNECTING').length,
    detail: { status, verifyUrl: account.verifyUrl, tokenCalls: c1.tokenCalls - c0.tokenCalls, connections: c1.connections - c0.connections, afterFailed: quiet }
  }
}

export type FaultName = 'dropSocket' | 'stallHeartbeats' | 'zombie' | 'imTokenExpiry' | 'malformedOversized' | 'duplicateReorder' | 'slow' | 'sessionExpired' | 'riskControl'

export const FAULTS: Readonly<Record<FaultName, (w: World) => Promise<FaultReport>>> = {
  dropSocket: (w) => outage(w, 'dropSocket', { inject: (x) => void x.sim.control.dropSocket({ mode: 'terminate' }), reconnects: true }),
  stallHeartbeats: (w) => outage(w, 'stallHeartbeats', {
    inject: (x) => void x.sim.control.stallHeartbeats({ on: true }), clearOnReconnect: (x) => void x.sim.control.stallHeartbeats({ on: false }), reconnects: true
  }),
  zombie: (w) => outage(w, 'zombie', { inject: (x) => void x.sim.control.zombie({ on: true }), clearOnReconnect: (x) => void x.sim.control.zombie({ on: false }), reconnects: true }),
  imTokenExpiry: (w) => outage(w, 'imTokenExpiry', { inject: (x) => void x.sim.control.expireImToken({ close: true }), reconnects: true }),
  malformedOversized: malformed,
  duplicateReorder: (w) => outage(w, 'duplicateReorder', {
    inject: (x) => {
      x.sim.control.duplicatePushes({ count: 2 })
      x.sim.control.reorderPushes({ window: 3 })
    },
    clearAfter: (x) => void x.sim.control.resetFaults(), reconnects: false, during: 6, spacingMs: 40
  }),
  slow: (w) => outage(w, 'slow', {
    inject: (x) => {
      x.sim.control.slow({ mtopMs: 500, wsMs: 500 })
      x.sim.control.dropSocket({ mode: 'terminate' })
    },
    clearAfter: (x) => void x.sim.control.resetFaults(), reconnects: true
  }),
  sessionExpired: (w) => humanNeeded(w, 'sessionExpired', (x) => {
    x.sim.control.expireSession({ recoverable: false })
    x.sim.control.expireImToken({ close: true })
    return undefined
  }, 'needs_login'),
  riskControl: (w) => humanNeeded(w, 'riskControl', (x) => {
    const r = x.sim.control.riskControl({ on: true })
    x.sim.control.expireImToken({ close: true })
    return r.punishUrl
  }, 'needs_verification')
}

/** One stable line per fault, grep-able from test output and CI logs. */
export function formatRecovery(r: FaultReport): string {
  return `[recovery] fault=${r.fault} recoveryMs=${r.recoveryMs} messages=${r.messages} replies=${r.replies} reconnects=${r.reconnects}`
}
