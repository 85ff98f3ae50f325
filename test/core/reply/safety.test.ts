import { describe, expect, it } from 'vitest'
import { checkOutbound, DEFAULT_RISKY_WORDS } from '../../../src-main/core/reply/safety'
import { extractPrices } from '../../../src-main/core/reply/prices'

describe('checkOutbound: off-platform contact', () => {
  it.each([
    ['好的亲，可以加我微信详聊', '好的亲', 'contact'],
    ['在的，加V：abc123，发你实拍', '在的，发你实拍', 'contact'],
    ['亲，vx 发你视频', '', 'contact'],
    ['有事 w x 联系', '', 'contact'],
    ['加个威信吧', '', 'contact'],
    ['扣扣123456也行。好的', '好的', 'contact'],
    ['QQ联系我，谢谢', '谢谢', 'contact'],
    ['好的，电话 138 1234 5678', '好的', 'phone'],
    ['打一三八一二三四五六七八', '', 'phone'],
    ['好的。链接 https://m.tb.cn/abc 去拍', '好的。', 'link'],
    ['去 www.taobao.com 看看，今天发', '今天发', 'link'],
    ['可以线下交易哦', '', 'offline'],
    ['私下转也行', '', 'offline'],
    ['加我', '', 'contact']
  ] as const)('%s', (input, text, kind) => {
    const r = checkOutbound(input)
    expect(r.text).toBe(text)
    expect(r.blocked).toBe(text === '')
    expect(r.actions.map((a) => a.kind)).toContain(kind)
    if (r.blocked) expect(r.actions.at(-1)?.kind).toBe('blocked')
  })

  it.each(['在的亲，今天发货', '最低¥12999.00元', '支持闲鱼担保交易哦', '95新，24小时内发货', 'iPhone 13 128G，电池健康85%', '新款xbox手柄'])('leaves clean replies alone: %s', (input) => {
    expect(checkOutbound(input)).toEqual({ text: input, blocked: false, actions: [] })
  })

  it('never changes a price when it drops a clause', () => {
    const r = checkOutbound('亲，最低¥79.9元，加微信再少')
    expect(r.text).toBe('亲，最低¥79.9元')
    expect(extractPrices(r.text).map((p) => p.value)).toEqual([79.9])
  })
})

describe('checkOutbound: risky words and length', () => {
  it('drops clauses with default and configured risky words, and can skip the defaults', () => {
    expect(DEFAULT_RISKY_WORDS).toContain('转账')
    // "转账给我" is also paying the seller directly (offline), whatever the risky-word list says
    expect(checkOutbound('好的，可以转账给我')).toMatchObject({ text: '好的', blocked: false, actions: [{ kind: 'offline' }, { kind: 'risky_word' }] })
    expect(checkOutbound('包好用，绝对最低价', { riskyWords: ['最低价'] })).toMatchObject({ text: '包好用', actions: [{ kind: 'risky_word', detail: expect.stringContaining('最低价') }] })
    expect(checkOutbound('可以转账', { useDefaultRiskyWords: false })).toEqual({ text: '可以转账', blocked: false, actions: [] })
  })

  it('cuts long replies at a clause boundary and records it', () => {
    const r = checkOutbound('这是一段很长的回复，亲，这个最低100元，不能再少了哦，合适就拍吧', { maxChars: 20 })
    expect(r.text).toBe('这是一段很长的回复，亲，这个最低100元')
    expect(r.actions).toEqual([{ kind: 'truncated', detail: expect.stringContaining('limit 20') }])
  })

  it('never cuts inside a number (that could create a lower price)', () => {
    const r = checkOutbound('亲亲最低1000元', { maxChars: 6 })
    expect(r.text).toBe('亲亲最低')
    expect(extractPrices(r.text)).toEqual([])
    const r2 = checkOutbound('九百九十九', { maxChars: 2 })
    expect(r2.blocked).toBe(true)
  })

  it('blocks empty replies', () => {
    expect(checkOutbound('   ')).toMatchObject({ text: '', blocked: true, actions: [{ kind: 'blocked', detail: 'empty reply' }] })
  })
})
