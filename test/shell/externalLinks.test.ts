import { afterEach, describe, expect, it, vi } from 'vitest'
import { dialog, shell } from 'electron'
import { partitions } from '../stubs/electron'
import { openExternalSafely } from '../../src-main/shell/security'
import { electronBrowser } from '../../src-main/shell/loginWindow'

afterEach(() => vi.restoreAllMocks())

describe('shell.openExternal through the allow-list', () => {
  it('opens the platform\'s https links without asking', async () => {
    const open = vi.spyOn(shell, 'openExternal').mockResolvedValue()
    const ask = vi.spyOn(dialog, 'showMessageBox')
    expect(await openExternalSafely('https://www.goofish.com/item?id=1')).toBe(true)
    expect(await openExternalSafely('https://img.alicdn.com/x.jpg')).toBe(true)
    expect(open.mock.calls.map((c) => c[0])).toEqual(['https://www.goofish.com/item?id=1', 'https://img.alicdn.com/x.jpg'])
    expect(ask).not.toHaveBeenCalled()
  })

  it('asks the seller before any other link, and opens it only on "Open"', async () => {
    const open = vi.spyOn(shell, 'openExternal').mockResolvedValue()
    const ask = vi.spyOn(dialog, 'showMessageBox').mockResolvedValueOnce({ response: 0, checkboxChecked: false }).mockResolvedValueOnce({ response: 1, checkboxChecked: false })
    expect(await openExternalSafely('https://goofish.com.evil.example/pay')).toBe(false)
    expect(open).not.toHaveBeenCalled()
    expect(JSON.stringify(ask.mock.calls[0])).toContain('https://goofish.com.evil.example/pay')
    expect(await openExternalSafely('http://example.com/')).toBe(true)
    expect(open).toHaveBeenCalledWith('http://example.com/')
  })

  it('refuses other schemes and credentials outright, without a dialog', async () => {
    const open = vi.spyOn(shell, 'openExternal').mockResolvedValue()
    const ask = vi.spyOn(dialog, 'showMessageBox')
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 'https://user:pw@www.goofish.com/', 'not a url']) {
      expect(await openExternalSafely(url), url).toBe(false)
    }
    expect(open).not.toHaveBeenCalled()
    expect(ask).not.toHaveBeenCalled()
  })
})

describe('login window partition', () => {
  it('denies permission requests and permission checks', async () => {
    const done = electronBrowser.open({ profile: 'acc1', url: 'https://www.goofish.com/', userAgent: 'UA', title: 't', cookies: [], done: () => false, timeoutMs: 20 })
    const ses = partitions.get('persist:xd-acc1')
    expect(ses?.permissionCheck?.(null, 'geolocation')).toBe(false)
    expect(ses?.permissionCheck?.(null, 'notifications')).toBe(false)
    let granted: boolean | null = null
    ses?.permissionRequest?.(null, 'media', (ok: boolean) => (granted = ok))
    expect(granted).toBe(false)
    expect(await done).toBeNull()
  })
})
