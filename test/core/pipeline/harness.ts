import type { ReplyPart } from '../../../src-main/contract/rules'
import type { AccountSettings } from '../../../src-main/contract/schemas'
import type { ReplySender, SentPart } from '../../../src-main/core/pipeline/ports'
import type { InboundMessage } from '../../../src-main/core/services/ingest'
import { makeCore, SAMPLE_COOKIE, type TestCore } from '../../helpers/core'
import { startFakeOpenAI, type Behaviour, type FakeLlmServer } from '../../fakes/llm'

export class RecordingSender implements ReplySender {
  readonly sent: Array<{ accountId: string; cid: string; part: ReplyPart }> = []
  fail = false
  #n = 0
  async send(accountId: string, cid: string, part: ReplyPart): Promise<SentPart> {
    if (this.fail) throw new Error('socket closed')
    this.sent.push({ accountId, cid, part })
    this.#n += 1
    return { clientUuid: `-17600000000${this.#n}1`, platformMessageId: `sent-${this.#n}` }
  }
  texts(): string[] {
    return this.sent.map((s) => (s.part.kind === 'text' ? s.part.text : `[image ${s.part.url}]`))
  }
}

export interface Harness {
  readonly t: TestCore
  readonly llm: FakeLlmServer
  readonly sender: RecordingSender
  readonly accountId: string
  buyer(text: string, over?: Partial<InboundMessage>): string
  settle(): Promise<void>
  dispose(): Promise<void>
}

let seq = 0

/** A real core on a temp DB, a fake OpenAI-compatible server, a recording sender and one item. */
export async function harness(behaviour: Behaviour, settings: Partial<AccountSettings> = {}, opts: { dir?: string } = {}): Promise<Harness> {
  const llm = await startFakeOpenAI({ behaviour })
  const t = makeCore({ dir: opts.dir, core: { llmOptions: { sleep: async () => {}, random: () => 0.5 } } })
  const sender = new RecordingSender()
  t.core.services.setSender(sender)
  const [existing] = await t.core.api['accounts.list']({})
  const account = existing ?? await t.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE })
  await t.core.api['secrets.setApiKey']({ accountId: account.id, apiKey: 'sk-test-pipeline-key' })
  await t.core.api['settings.update']({ accountId: account.id, account: { aiEnabled: true, baseUrl: llm.url, model: 'qwen-plus', debounceSeconds: 0, ...settings } })
  t.core.services.items.upsert({ accountId: account.id, itemId: '800000000004', title: 'iPhone 13 128G 蓝色', price: 1000, description: '95新，电池健康88%', skus: [], images: [], stock: 1, fetchedAt: 0 })
  const h: Harness = {
    t, llm, sender, accountId: account.id,
    buyer(text, over = {}) {
      seq += 1
      const id = `m-${seq}-${Math.random().toString(36).slice(2)}`
      t.core.services.ingest.ingest({
        accountId: account.id, cid: '51000000003', direction: 'in', senderId: '3300000000002', senderNick: '买家小王', buyerId: '3300000000002',
        buyerNick: '买家小王', itemId: '800000000004', contentType: 'text', text, platformMessageId: id, createdAt: Date.now(), ...over
      })
      return id
    },
    async settle() {
      // debounce timers fire on the event loop; then wait for the chat's lock chain
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 15))
        await t.core.services.pipeline.idle()
      }
    },
    async dispose() {
      await llm.close()
      await t.dispose()
    }
  }
  return h
}
