import { describe, expect, it } from 'vitest'
import { NewDeliveryRule, type DeliveryRule } from '@contract'
import { csvColumns, displayCode, dropHeader, exportFileName, formatOfFile, maskCode, previewImport, splitCsvLine } from '../../src-renderer/src/features/delivery/codes'
import { deliveryNeeds, deliveryRuleName, emptyRuleForm, ruleFormOf, ruleProblems, toDeliveryRule, type DeliveryRuleForm } from '../../src-renderer/src/features/delivery/form'

describe('codes on screen are masked', () => {
  it('keeps the ends and hides the middle', () => {
    expect(maskCode('ABCD-1234-XYZ9')).toBe('AB**********Z9')
    expect(maskCode('ABCDEFG')).toBe('A*****G')
    expect(maskCode('ABCD')).toBe('****')
    expect(maskCode('  ')).toBe('')
    // long codes do not stretch the row
    expect(maskCode('X'.repeat(64))).toBe(`XX${'*'.repeat(10)}XX`)
    expect(maskCode('兑换码一二三四五六')).toBe('兑换*****五六')
  })

  it('leaves what core masked, masks the rest', () => {
    expect(displayCode('AB******9Z')).toBe('AB******9Z')
    expect(displayCode('AB…9Z')).toBe('AB…9Z')
    expect(displayCode('SECRETCODE99')).toBe('SE********99')
  })
})

describe('import preview (as core reads the text)', () => {
  it('one per line: counts values and blank lines, a trailing newline is not blank', () => {
    const p = previewImport('AAAA-1111\n\n  BBBB-2222  \r\nCCCC-3333\n', 'lines')
    expect(p).toEqual({ count: 3, blank: 1, sample: ['AA*****11', 'BB*****22', 'CC*****33'] })
    expect(previewImport('', 'lines')).toEqual({ count: 0, blank: 0, sample: [] })
  })

  it('CSV: quoted cells with commas and quotes, the chosen column', () => {
    expect(splitCsvLine('1,"AB,CD","say ""hi""", x ')).toEqual(['1', 'AB,CD', 'say "hi"', 'x'])
    const csv = '\uFEFF序号,卡密,备注\n1,KEY-0000-0001,a\n2,,b\n3,"KEY-0000-0003",c\n'
    expect(csvColumns(csv)).toEqual([{ index: 0, sample: '序号' }, { index: 1, sample: '卡密' }, { index: 2, sample: '备注' }])
    // 卡密 is a header core leaves out (counted as blank); 序号 is not on its list
    expect(previewImport(csv, 'csv', 1)).toEqual({ count: 2, blank: 2, sample: ['KE*********01', 'KE*********03'] })
    expect(previewImport(csv, 'csv', 0)).toEqual({ count: 4, blank: 0, sample: ['**', '*', '*'] })
    expect(previewImport(dropHeader(csv), 'csv', 1)).toEqual({ count: 2, blank: 1, sample: ['KE*********01', 'KE*********03'] })
    expect(dropHeader('\n\nhead\nA\nB')).toBe('A\nB')
    // a first row of codes is offered masked
    expect(csvColumns('id,LONGCODE-123456\n')).toEqual([{ index: 0, sample: 'id' }, { index: 1, sample: 'LO**********56' }])
    expect(formatOfFile('codes.CSV')).toBe('csv')
    expect(formatOfFile('codes.txt')).toBe('lines')
    expect(exportFileName('月卡 卡密', 'available', new Date(2025, 0, 31))).toBe('xianyu-desk-codes-月卡_卡密-available-2025-01-31.txt')
  })
})

const form = (over: Partial<DeliveryRuleForm> = {}): DeliveryRuleForm => ({ ...emptyRuleForm('a1', '800000000103', 4), messages: [{ kind: 'text', text: '您的卡密：{code}' }], ...over })

describe('the delivery rule editor', () => {
  it('a complete form has no problem and becomes a rule the contract accepts', () => {
    expect(ruleProblems(form()).fields).toEqual({})
    const rule = toDeliveryRule(form({ spec: ' 豪华版 ', name: ' 豪华 ' }))
    expect(NewDeliveryRule.safeParse(rule).success).toBe(true)
    expect(rule).toMatchObject({ spec: '豪华版', name: '豪华', source: { kind: 'pool', poolId: 4 }, shipMode: 'after_ack', delaySeconds: 0 })
  })

  it('shows every problem at once, each at its field', () => {
    const bad = form({
      sourceKind: 'http', http: { url: 'ftp://x', method: 'GET', body: '', jsonPath: '', timeoutMs: 10, retries: 9 }, delaySeconds: -1, spec: 'x'.repeat(201),
      messages: [{ kind: 'text', text: '码 {code} 给 {nobody}' }]
    })
    const p = ruleProblems(bad)
    expect(p.fields).toEqual({ url: 'badUrl', timeout: 'badTimeout', retries: 'badRetries', messages: 'unknownVar', delay: 'badDelay', spec: 'specTooLong' })
    expect(p.unknownVars).toEqual(['nobody'])
    expect(ruleProblems(form({ poolId: null })).fields).toEqual({ pool: 'needPool' })
    expect(ruleProblems(form({ messages: [] })).fields).toEqual({ messages: 'needMessage' })
    expect(ruleProblems(form({ messages: [{ kind: 'text', text: ' ' }] })).fields).toEqual({ messages: 'emptyMessage' })
    expect(ruleProblems(form({ messages: [{ kind: 'image', url: 'not a url' }] })).fields).toEqual({ messages: 'badImage' })
    expect(ruleProblems(form({ sourceKind: 'none' })).fields).toEqual({ messages: 'codeWithoutSource' })
    expect(ruleProblems(form({ messages: [{ kind: 'text', text: '感谢购买' }] })).fields).toEqual({ messages: 'needCode' })
    expect(ruleProblems(form({ sourceKind: 'none', messages: [{ kind: 'text', text: '课程链接：https://pan.example/x' }] })).fields).toEqual({})
  })

  it('ship only needs no message and sends none', () => {
    const f = form({ shipMode: 'ship_only', messages: [], poolId: null })
    expect(ruleProblems(f).fields).toEqual({})
    const rule = toDeliveryRule(form({ shipMode: 'ship_only' }))
    expect(rule.messages).toEqual([])
    expect(rule.source).toEqual({ kind: 'none' })
    expect(NewDeliveryRule.safeParse(rule).success).toBe(true)
  })

  it('round-trips a saved rule, and names it', () => {
    const saved: DeliveryRule = {
      ...toDeliveryRule(form({ sourceKind: 'http', http: { url: 'https://shop.example/code', method: 'POST', body: '{"o":"{order_id}"}', jsonPath: 'data.code', timeoutMs: 3000, retries: 2 } })),
      id: 9, createdAt: 1, updatedAt: 1
    }
    expect(toDeliveryRule(ruleFormOf(saved))).toEqual(toDeliveryRule(ruleFormOf(saved)))
    expect(ruleFormOf(saved).http.jsonPath).toBe('data.code')
    expect(toDeliveryRule(ruleFormOf(saved)).source).toEqual(saved.source)
    expect(deliveryRuleName(saved)).toBe('#9')
    expect(deliveryRuleName({ ...saved, spec: '豪华版' })).toBe('豪华版')
    expect(deliveryRuleName({ ...saved, name: '月卡' })).toBe('月卡')
  })

  it('lists what a delivery needs, met or not', () => {
    const pool = { ...toDeliveryRule(form()), id: 1, createdAt: 1, updatedAt: 1 }
    expect(deliveryNeeds({ problems: [], autoDelivery: true, rules: [pool] })).toEqual([
      { need: 'account', ok: true }, { need: 'auto', ok: true }, { need: 'rule', ok: true }, { need: 'codes', ok: true }
    ])
    expect(deliveryNeeds({ problems: ['auto_delivery_off', 'pool_empty', 'account_offline'], autoDelivery: false, rules: [pool] }).filter((n) => !n.ok).map((n) => n.need)).toEqual(['account', 'auto', 'codes'])
    expect(deliveryNeeds({ problems: ['no_rule'], autoDelivery: true, rules: [] }).map((n) => n.need)).toEqual(['account', 'auto', 'rule'])
  })
})
