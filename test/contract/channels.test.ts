import { describe, expect, expectTypeOf, it } from 'vitest'
import { api, CALL_KEYS, events, EVENT_KEYS, type CallKey, type EventKey } from '../../src-main/contract'

describe('channel lists', () => {
  it('CALL_KEYS are exactly the contract calls, named domain.verb', () => {
    expect([...CALL_KEYS].sort()).toEqual(Object.keys(api).sort())
    for (const k of CALL_KEYS) expect(k).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/)
    expectTypeOf<(typeof CALL_KEYS)[number]>().toEqualTypeOf<CallKey>()
  })

  it('EVENT_KEYS are exactly the contract events, named domain.changed-style', () => {
    expect([...EVENT_KEYS].sort()).toEqual(Object.keys(events).sort())
    for (const k of EVENT_KEYS) expect(k).toMatch(/^[a-z]+\.[a-z]+$/)
    expectTypeOf<(typeof EVENT_KEYS)[number]>().toEqualTypeOf<EventKey>()
  })
})
