import { describe, expect, it } from 'vitest'
import { cleanAnswer, cleanPartialAnswer } from '../../../src-main/core/ai'

describe('what a model returns is reduced to the reply', () => {
  it.each([
    ['<think>买家想砍到800，规则只允许950，我要委婉拒绝</think>\n亲，最低950哦', '亲，最低950哦'],
    ['<THINK>\n多行\n思考\n</THINK>好的，今天发货', '好的，今天发货'],
    ['<thinking>reasoning</thinking>可以的', '可以的'],
    // a server that strips the opening tag: everything before the closing one is reasoning
    ['用户问电池，我应该回答88%。</think>\n\n电池健康88%', '电池健康88%'],
    // cut off while still thinking: no answer at all (the caller treats it as empty)
    ['<think>让我想想，可以给到800', ''],
    ['卖家：在的，亲', '在的，亲'],
    ['回复: 可以包邮', '可以包邮'],
    ['“亲，这个价格已经很实惠了”', '亲，这个价格已经很实惠了'],
    ['"可以的"', '可以的'],
    ['**全新未拆封**，放心拍', '全新未拆封，放心拍'],
    ['# 回复\n好的', '回复\n好的'],
    // ordinary replies are left alone, quotes inside included
    ['这款叫“午夜色”，很好看', '这款叫“午夜色”，很好看'],
    ['在的', '在的'],
    // JSON mode
    ['{"reply": "亲，今天就能发"}', '亲，今天就能发'],
    ['```json\n{"text": "可以的"}\n```', '可以的'],
    ['{"foo": 1}', ''],
    ['{不是JSON}', '{不是JSON}']
  ])('%s', (raw, clean) => {
    expect(cleanAnswer(raw)).toBe(clean)
  })

  it('a streamed preview hides reasoning while it is being written', () => {
    expect(cleanPartialAnswer('<think>买家想')).toBe('')
    expect(cleanPartialAnswer('<think>买家想砍价</think>')).toBe('')
    expect(cleanPartialAnswer('<think>买家想砍价</think>\n亲，最')).toBe('亲，最')
    expect(cleanPartialAnswer('卖家：好的')).toBe('好的')
  })
})
