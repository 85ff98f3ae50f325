import { describe, expect, it } from 'vitest'
import type { Draft } from '../../src-main/contract'
import { mergeDrafts } from '../../src-renderer/src/features/inbox/chatStore'

const d = (id: number, updatedAt: number, status: Draft['status'] = 'pending'): Draft => ({ id, accountId: 'a', cid: 'c', text: `t${id}`, status, decisionId: null, createdAt: updatedAt, updatedAt })

describe('mergeDrafts (a stale detail answer must not hide a draft that arrived by event)', () => {
  it('keeps a local draft newer than the request, drops local ones the server no longer has', () => {
    expect(mergeDrafts([], [d(1, 10_000)], 10_000).map((x) => x.id)).toEqual([1])
    expect(mergeDrafts([], [d(1, 1_000)], 10_000)).toEqual([])
  })
  it('takes the newer version of a draft both sides know', () => {
    expect(mergeDrafts([d(1, 5, 'pending')], [d(1, 9, 'sent')], 100)[0]?.status).toBe('sent')
    expect(mergeDrafts([d(1, 9, 'sent')], [d(1, 5, 'pending')], 100)[0]?.status).toBe('sent')
  })
})
