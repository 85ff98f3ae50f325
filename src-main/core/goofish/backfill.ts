/**
 * Backfill results (listUserMessages / listNewestPagination, goofish-protocol.md §4.8) → the
 * push layout of §5.3 (a), so they classify exactly like pushes (with source 'backfill').
 */
import { classifyPayload, type ClassifyContext, type GoofishEvent } from './classify'
import { at, num, obj, str } from './extract'
import { toImAddress, type JsonObject, type JsonValue } from './types'

/** One `{message:{…}}` model (or the bare message) rebuilt as a push root. */
export function userMessageToPayload(model: JsonValue, cidHint?: string): JsonObject | undefined {
  const msg = obj(at(model, 'message')) ?? obj(model)
  if (!msg) return undefined
  const ext = obj(msg['extension']) ?? {}
  const custom = obj(at(msg, 'content', 'custom'))
  const cid = str(msg['cid']) ?? (cidHint ? toImAddress(cidHint) : undefined)
  const sender = str(at(msg, 'sender', 'uid')) ?? str(ext['senderUserId'])
  if (!cid) return undefined
  const id = str(msg['messageId']) ?? str(msg['id'])
  const createAt = num(msg['createAt'])
  const content3: JsonObject = { '1': str(custom?.['data']) ?? '', '2': str(custom?.['summary']) ?? '' }
  const m1: JsonObject = {
    '1': { '1': sender ? toImAddress(sender) : '' },
    '2': cid,
    '6': { '1': num(at(msg, 'content', 'contentType')) ?? 101, '3': content3 },
    '10': ext
  }
  if (id !== undefined) m1['3'] = id
  if (createAt !== undefined) m1['5'] = createAt
  return { '1': m1, '3': { needPush: 'true' } }
}

/** Message models of a listUserMessages body, or the last messages of a listNewestPagination body. */
export function backfillModels(body: JsonValue): JsonValue[] {
  const models = at(body, 'userMessageModels')
  if (Array.isArray(models)) return models
  const convs = at(body, 'userConvs')
  if (!Array.isArray(convs)) return []
  return convs.map((c) => at(c, 'singleChatUserConversation', 'lastMessage')).filter((m): m is JsonValue => m !== undefined && m !== null)
}

/** Classified events of a backfill response, oldest first. */
export function backfillEvents(body: JsonValue, ctx: ClassifyContext, cidHint?: string): GoofishEvent[] {
  const out: GoofishEvent[] = []
  for (const model of backfillModels(body)) {
    const root = userMessageToPayload(model, cidHint)
    if (root) out.push(classifyPayload(root, { ...ctx, source: 'backfill' }))
  }
  return out.sort((a, b) => ts(a) - ts(b))
}

function ts(e: GoofishEvent): number {
  return 'message' in e ? e.message.timestamp ?? 0 : 0
}
