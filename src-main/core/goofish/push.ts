/**
 * Sync packages → events (goofish-protocol.md §4.7, §5). EVERY item of a package is decoded
 * ([A]/[X] only read `data[0]` and drop the rest). Never throws.
 */
import { classifyPayload, type ClassifyContext, type GoofishEvent } from './classify'
import { at, num, str } from './extract'
import { decodePayload, type PayloadDecodeError } from './payload'
import type { JsonValue } from './types'

export type PushItemResult =
  | { readonly ok: true; readonly event: GoofishEvent; readonly bizType: number | null }
  | { readonly ok: false; readonly error: PayloadDecodeError; readonly bizType: number | null }

/** `body.syncPushPackage.data` when the frame carries a sync package. */
export function syncPackageItems(frame: JsonValue): JsonValue[] | undefined {
  const data = at(frame, 'body', 'syncPushPackage', 'data')
  return Array.isArray(data) ? data : undefined
}

export function decodeSyncItem(item: JsonValue, ctx: ClassifyContext): PushItemResult {
  const bizType = num(at(item, 'bizType')) ?? null
  const d = decodePayload(at(item, 'data') ?? null)
  if (!d.ok) return { ok: false, error: d.error, bizType }
  return { ok: true, event: classifyPayload(d.value, ctx), bizType }
}

export function decodeSyncFrame(frame: JsonValue, ctx: ClassifyContext): PushItemResult[] {
  return (syncPackageItems(frame) ?? []).map((item) => decodeSyncItem(item, ctx))
}

/** lwp of a frame ('' for responses). */
export function frameLwp(frame: JsonValue): string {
  return str(at(frame, 'lwp')) ?? ''
}
