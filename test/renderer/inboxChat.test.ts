import { describe, expect, it } from 'vitest'
import type { Message } from '@contract'
import { startSubscriptions } from '../../src-renderer/src/bridge/subscriptions'
import { createAccountsStore } from '../../src-renderer/src/features/accounts/store'
import { createChatStore, PAGE_SIZE, type ChatDetail } from '../../src-renderer/src/features/inbox/chatStore'
import { selectPendingDraft, selectShownDecision, selectWriting } from '../../src-renderer/src/features/inbox/selectors'
import { FakeFailure, deferred, fakeBridge } from './fakeBridge'
import { conversation, decision, draft, message } from './inboxFixtures'

const REF = { accountId: 'acc1', cid: '51000000001' }
const page = (from: number, n: number): Message[] => Array.from({ length: n }, (_, i) => message({ id: from + i, text: `m${from + i}` }))
const detail = (over: Partial<ChatDetail> = {}): ChatDetail => ({ conversation: conversation({ unread: 2 }), item: null, pricing: null, drafts: [], accountCopilot: false, ...over })

function setup(over: Parameters<typeof fakeBridge>[0] = {}) {
  const fake = fakeBridge({
    'messages.list': async (i) => (i.beforeId === undefined ? page(101, PAGE_SIZE) : page(91, 10)),
    'conversations.detail': async () => detail(),
    'decisions.list': async () => [],
    'conversations.markRead': async () => conversation({ unread: 0 }),
    ...over
  })
  const chat = createChatStore(fake.bridge)
  const stop = startSubscriptions(fake.bridge, { accounts: createAccountsStore(fake.bridge), chat })
  return { fake, chat, stop }
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

describe('chat store', () => {
  it('loads each buyer message’s outcome with the chat and follows outcome events', async () => {
    const held = { messageId: 101, accountId: 'acc1', cid: REF.cid, state: 'held', reason: 'ai_off', detail: 'AI off', decisionId: 1, resolvedAt: null, updatedAt: 1 } as const
    const { fake, chat } = setup({ 'outcomes.list': async () => [held] })
    await chat.getState().openChat(REF)
    await tick()
    expect(chat.getState().outcomes[101]).toMatchObject({ state: 'held', reason: 'ai_off' })
    fake.emit('outcome.changed', { outcome: { ...held, resolvedAt: 5, updatedAt: 5 } })
    expect(chat.getState().outcomes[101]?.resolvedAt).toBe(5)
    // another chat's outcome is not this one's
    fake.emit('outcome.changed', { outcome: { ...held, messageId: 7, cid: 'other' } })
    expect(chat.getState().outcomes[7]).toBeUndefined()
  })

  it('opens a chat, marks it read, and loads the older page before the first message', async () => {
    const { fake, chat } = setup()
    await chat.getState().openChat(REF)
    await tick()
    expect(chat.getState()).toMatchObject({ status: 'ready', hasOlder: true })
    expect(chat.getState().messages).toHaveLength(PAGE_SIZE)
    expect(fake.calls.map((c) => c.key)).toContain('conversations.markRead')

    await chat.getState().loadOlder()
    const s = chat.getState()
    expect(fake.calls.find((c) => c.key === 'messages.list' && (c.input as { beforeId?: number }).beforeId === 101)).toBeTruthy()
    expect(s.messages[0]?.id).toBe(91)
    expect(s.messages).toHaveLength(PAGE_SIZE + 10)
    expect(s.hasOlder).toBe(false)
    await chat.getState().loadOlder()
    expect(fake.calls.filter((c) => c.key === 'messages.list')).toHaveLength(2)
  })

  it('appends live messages of the open chat only, once', async () => {
    const { chat, fake } = setup({ 'messages.list': async () => page(1, 3) })
    await chat.getState().openChat(REF)
    fake.emit('message.added', { message: message({ id: 4, text: '还在吗' }) })
    fake.emit('message.added', { message: message({ id: 4, text: '还在吗' }) })
    fake.emit('message.added', { message: message({ id: 5, cid: 'other' }) })
    expect(chat.getState().messages.map((m) => m.id)).toEqual([1, 2, 3, 4])
    fake.emit('conversation.changed', { conversation: conversation({ mode: 'takeover' }) })
    expect(chat.getState().detail?.conversation.mode).toBe('takeover')
  })

  it('ignores the answer for a chat that is no longer open', async () => {
    const slow = deferred<Message[]>()
    const { chat } = setup({ 'messages.list': (i) => (i.cid === 'slow' ? slow.promise : Promise.resolve(page(1, 2))) })
    const first = chat.getState().openChat({ accountId: 'acc1', cid: 'slow' })
    await chat.getState().openChat(REF)
    slow.resolve(page(50, 5))
    await first
    expect(chat.getState().open).toEqual(REF)
    expect(chat.getState().messages.map((m) => m.id)).toEqual([1, 2])
  })

  it('sends by hand with a busy flag, and surfaces a send error inline', async () => {
    const gate = deferred<Message>()
    let fail = false
    const { chat } = setup({
      'messages.send': (i) => (fail ? Promise.reject(new FakeFailure('UNAVAILABLE', '账号未连接，消息没有发出 / The account is not connected; nothing was sent')) : i.text === 'slow' ? gate.promise : Promise.resolve(message({ id: 200, direction: 'out', source: 'manual', text: i.text })))
    })
    await chat.getState().openChat(REF)
    const sending = chat.getState().send(' slow ')
    expect(chat.getState().sending).toBe(true)
    expect(await chat.getState().send('twice')).toBe(false)
    gate.resolve(message({ id: 201, direction: 'out', source: 'manual', text: 'slow' }))
    expect(await sending).toBe(true)
    expect(chat.getState().messages.at(-1)).toMatchObject({ id: 201, source: 'manual' })

    fail = true
    expect(await chat.getState().send('你好')).toBe(false)
    expect(chat.getState()).toMatchObject({ sending: false, sendError: { code: 'UNAVAILABLE' } })
    expect(chat.getState().sendError?.message).toContain('账号未连接')
    chat.getState().clearSendError()
    expect(chat.getState().sendError).toBeNull()
  })

  it('approves a draft with edited text, or discards it; a conflict shows as a draft error', async () => {
    const approved: unknown[] = []
    const { chat, fake } = setup({
      'conversations.detail': async () => detail({ drafts: [draft({ id: 1 })] }),
      'drafts.approve': async (i) => {
        approved.push(i)
        return draft({ id: i.id, status: 'sent', text: i.text ?? '包邮的' })
      },
      'drafts.discard': async (i) => {
        if (i.id === 9) throw new FakeFailure('CONFLICT', '草稿已发送或已丢弃 / Draft 9 was already sent or discarded')
        return draft({ id: i.id, status: 'discarded' })
      }
    })
    await chat.getState().openChat(REF)
    expect(selectPendingDraft(chat.getState())?.id).toBe(1)
    expect(await chat.getState().approveDraft(1, '包邮，今天发')).toBe(true)
    expect(approved).toEqual([{ id: 1, text: '包邮，今天发' }])
    expect(selectPendingDraft(chat.getState())).toBeNull()

    fake.emit('draft.changed', { draft: draft({ id: 9 }) })
    expect(selectPendingDraft(chat.getState())?.id).toBe(9)
    expect(await chat.getState().discardDraft(9)).toBe(false)
    expect(chat.getState().draftError?.code).toBe('CONFLICT')
    fake.emit('draft.changed', { draft: draft({ id: 9, status: 'sent' }) })
    expect(selectPendingDraft(chat.getState())).toBeNull()
    await chat.getState().approveDraft(1)
    expect(approved.at(-1)).toEqual({ id: 1 })
  })

  it('warns when the seller edits a draft below the floor, and still lets them send it (their price)', async () => {
    const approved: unknown[] = []
    const { chat } = setup({
      'conversations.detail': async () => detail({ drafts: [draft({ id: 1 })] }),
      'reply.checkPrice': async (i) => ({ floor: 900, below: i.text.includes('八百') ? [{ raw: '八百', value: 800 }] : [] }),
      'drafts.approve': async (i) => {
        approved.push(i)
        return draft({ id: i.id, status: 'sent', text: i.text ?? '' })
      }
    })
    await chat.getState().openChat(REF)
    await chat.getState().checkDraftPrice('  八百包邮给你 ')
    expect(chat.getState().draftPriceWarning).toEqual({ text: '八百包邮给你', floor: 900, below: [{ raw: '八百', value: 800 }] })
    await chat.getState().checkDraftPrice('950包邮给你')
    expect(chat.getState().draftPriceWarning).toBeNull()
    await chat.getState().checkDraftPrice('八百包邮给你')
    expect(await chat.getState().approveDraft(1, '八百包邮给你')).toBe(true)
    expect(approved).toEqual([{ id: 1, text: '八百包邮给你' }])
  })

  it('"AI 起草" on a buyer message: busy while drafting, the draft joins the chat; a refusal stays on that message', async () => {
    const asked: unknown[] = []
    const slow = deferred<ReturnType<typeof draft>>()
    let refuse = false
    const { chat } = setup({
      'drafts.request': (i) => {
        asked.push(i)
        return refuse ? Promise.reject(new FakeFailure('UNAVAILABLE', 'AI 回复已关闭，请先在 AI 设置中开启 / AI replies are off; turn them on in AI settings')) : slow.promise
      }
    })
    await chat.getState().openChat(REF)
    const pending = chat.getState().requestDraft(105)
    expect(chat.getState().draftRequest).toEqual({ messageId: 105, busy: true, error: null })
    expect(await chat.getState().requestDraft(106)).toBe(false)
    slow.resolve(draft({ id: 9, text: '在的' }))
    expect(await pending).toBe(true)
    expect(asked).toEqual([{ ...REF, messageId: 105 }])
    expect(chat.getState().draftRequest).toBeNull()
    expect(chat.getState().detail?.drafts.map((d) => d.id)).toEqual([9])
    refuse = true
    expect(await chat.getState().requestDraft(104)).toBe(false)
    expect(chat.getState().draftRequest).toMatchObject({ messageId: 104, busy: false, error: { code: 'UNAVAILABLE' } })
  })

  it('a price-check answer for a chat no longer open is ignored', async () => {
    const slow = deferred<{ floor: number | null; below: Array<{ raw: string; value: number }> }>()
    const { chat } = setup({ 'reply.checkPrice': () => slow.promise })
    await chat.getState().openChat(REF)
    const pending = chat.getState().checkDraftPrice('八百')
    await chat.getState().openChat({ accountId: 'acc1', cid: '51000000009' })
    slow.resolve({ floor: 900, below: [{ raw: '八百', value: 800 }] })
    await pending
    expect(chat.getState().draftPriceWarning).toBeNull()
  })

  it('shows the copilot draft being written for the open chat only, until it ends', async () => {
    const { chat, fake } = setup()
    await chat.getState().openChat(REF)
    expect(selectWriting(chat.getState())).toBeNull()
    fake.emit('draft.writing', { ...REF, text: '可以的', done: false })
    fake.emit('draft.writing', { accountId: 'acc1', cid: '51000000009', text: '别的会话', done: false })
    expect(selectWriting(chat.getState())).toBe('可以的')
    fake.emit('draft.writing', { ...REF, text: '可以的，今天发货', done: false })
    expect(selectWriting(chat.getState())).toBe('可以的，今天发货')
    fake.emit('draft.changed', { draft: draft({ id: 4, text: '可以的，今天发货' }) })
    fake.emit('draft.writing', { accountId: 'acc1', cid: '51000000009', text: '', done: true })
    expect(selectWriting(chat.getState())).toBe('可以的，今天发货')
    fake.emit('draft.writing', { ...REF, text: '', done: true })
    expect(selectWriting(chat.getState())).toBeNull()
    expect(selectPendingDraft(chat.getState())?.id).toBe(4)

    fake.emit('draft.writing', { ...REF, text: '在的', done: false })
    chat.getState().closeChat()
    expect(selectWriting(chat.getState())).toBeNull()
  })

  it('shows the decision behind a bot message, fetching it when the record learned its reply later', async () => {
    let served = [decision({ id: 1, replyMessageId: null })]
    const { chat, fake } = setup({ 'decisions.list': async () => served })
    await chat.getState().openChat(REF)
    await tick()
    served = [decision({ id: 1, replyMessageId: 150, source: 'ai', model: 'qwen-plus' })]
    await chat.getState().showDecision(150)
    expect(selectShownDecision(chat.getState())).toMatchObject({ id: 1, source: 'ai' })
    expect(chat.getState().decisionLoading).toBe(false)

    fake.emit('decision.added', { decision: decision({ id: 2, replyMessageId: 160, source: 'refusal' }) })
    const calls = fake.calls.filter((c) => c.key === 'decisions.list').length
    await chat.getState().showDecision(160)
    expect(selectShownDecision(chat.getState())?.source).toBe('refusal')
    expect(fake.calls.filter((c) => c.key === 'decisions.list')).toHaveLength(calls)
    await chat.getState().showDecision(null)
    expect(selectShownDecision(chat.getState())).toBeNull()
  })

  it('takes over and releases; a failed control shows an action error', async () => {
    const { chat } = setup({
      'conversations.takeover': async () => conversation({ mode: 'takeover' }),
      'conversations.release': async () => {
        throw new FakeFailure('NOT_FOUND', '会话不存在 / No such conversation')
      },
      'conversations.setCopilot': async (i) => conversation({ copilot: i.copilot })
    })
    await chat.getState().openChat(REF)
    await chat.getState().takeover()
    expect(chat.getState().detail?.conversation.mode).toBe('takeover')
    await chat.getState().release()
    expect(chat.getState()).toMatchObject({ busyAction: null, actionError: { code: 'NOT_FOUND' } })
    await chat.getState().setCopilot(true)
    expect(chat.getState().detail?.conversation.copilot).toBe(true)
  })
})

describe('sending a picture', () => {
  it('sends the file through messages.sendImage and shows the stored message; errors surface', async () => {
    const { fake, chat } = setup({
      'messages.sendImage': async (i) => message({ id: 999, direction: 'out', contentType: 'image', imageUrl: 'https://img.example/p.png', text: '', source: 'manual', cid: (i as { cid: string }).cid })
    })
    await chat.getState().openChat(REF)
    expect(await chat.getState().sendImage({ mime: 'image/png', filename: 'p.png', dataBase64: 'iVBORw0KGgo=' })).toBe(true)
    expect(fake.calls.find((c) => c.key === 'messages.sendImage')?.input).toMatchObject({ ...REF, mime: 'image/png', filename: 'p.png' })
    expect(chat.getState().messages.at(-1)?.id).toBe(999)
    const failing = setup({ 'messages.sendImage': async () => { throw new FakeFailure('UNAVAILABLE', '账号未连接') } })
    await failing.chat.getState().openChat(REF)
    expect(await failing.chat.getState().sendImage({ mime: 'image/png', filename: 'p.png', dataBase64: 'AAAA' })).toBe(false)
    expect(failing.chat.getState().sendError?.code).toBe('UNAVAILABLE')
  })
})
