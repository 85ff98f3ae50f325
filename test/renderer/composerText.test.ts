import { describe, expect, it } from 'vitest'
import { MESSAGE_LIMIT, messageLength, splitMessage } from '../../src-renderer/src/features/inbox/composerText'

describe('composer: long messages are split, never cut', () => {
  it('counts like the contract: trimmed UTF-16 units', () => {
    expect(messageLength('  你好  ')).toBe(2)
    expect(messageLength('👍')).toBe(2)
    expect(MESSAGE_LIMIT).toBe(1000)
  })

  it('a text within the limit is one message', () => {
    expect(splitMessage('在的，可以直接拍。')).toEqual(['在的，可以直接拍。'])
    expect(splitMessage('x'.repeat(1000))).toEqual(['x'.repeat(1000)])
    expect(splitMessage('   ')).toEqual([])
  })

  it('cuts at the last sentence end in the back half of each part; every character survives', () => {
    const sentence = '这台手机是去年买的，一直带壳贴膜使用，电池健康百分之九十二。'
    const text = sentence.repeat(60) // 1,860 characters
    const parts = splitMessage(text)
    expect(parts.length).toBe(2)
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(1000)
      expect(p.endsWith('。')).toBe(true)
    }
    expect(parts.join('')).toBe(text)
  })

  it('prefers a line break, then a sentence end, then a comma, then a hard cut', () => {
    const lines = `${'a'.repeat(700)}\n${'b'.repeat(200)}。${'c'.repeat(400)}`
    expect(splitMessage(lines)[0]).toBe('a'.repeat(700))
    const commas = `${'d'.repeat(600)}，${'e'.repeat(600)}`
    expect(splitMessage(commas)).toEqual([`${'d'.repeat(600)}，`, 'e'.repeat(600)])
    const solid = 'f'.repeat(2500)
    expect(splitMessage(solid).map((p) => p.length)).toEqual([1000, 1000, 500])
  })

  it('never splits an emoji between two messages', () => {
    const text = 'g'.repeat(999) + '😀' + 'h'.repeat(10)
    const parts = splitMessage(text)
    expect(parts[0]).toBe('g'.repeat(999))
    expect(parts[1]).toBe('😀' + 'h'.repeat(10))
    for (const p of parts) expect(p).not.toMatch(/[\ud800-\udbff]$|^[\udc00-\udfff]/)
  })

  it('random texts: every part within the limit, nothing but whitespace lost', () => {
    const alphabet = ['字', '，', '。', '\n', ' ', 'a', '😀', '！']
    let seed = 7
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let n = 0; n < 200; n++) {
      let text = ''
      const len = 500 + Math.floor(rnd() * 3000)
      while (text.length < len) text += alphabet[Math.floor(rnd() * alphabet.length)]
      const parts = splitMessage(text)
      for (const p of parts) {
        expect(p.length).toBeGreaterThan(0)
        expect(p.length).toBeLessThanOrEqual(1000)
      }
      expect(parts.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''))
    }
  })
})
