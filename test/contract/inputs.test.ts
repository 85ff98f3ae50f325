import { describe, expect, it } from 'vitest'
import { AccountSettings, DEFAULT_ACCOUNT_SETTINGS, DEFAULT_GLOBAL_SETTINGS, GlobalSettings, api, externalLinkDecision, isBrowserExecutablePath, isHttpUrl, plainHttpWarning } from '../../src-main/contract'

describe('AI baseUrl', () => {
  it('accepts http(s) only', () => {
    for (const url of ['https://dashscope.aliyuncs.com/compatible-mode/v1', 'http://127.0.0.1:11434/v1', 'http://192.168.1.5:8000/v1']) {
      expect(AccountSettings.safeParse({ ...DEFAULT_ACCOUNT_SETTINGS, baseUrl: url }).success, url).toBe(true)
    }
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/plain,x', 'ftp://x/', 'ws://x/', 'chrome://settings', 'https://', 'not a url']) {
      const r = AccountSettings.safeParse({ ...DEFAULT_ACCOUNT_SETTINGS, baseUrl: url })
      expect(r.success, url).toBe(false)
      expect(r.error?.issues[0]?.path).toEqual(['baseUrl'])
      expect(isHttpUrl(url)).toBe(false)
    }
    expect(AccountSettings.safeParse({ ...DEFAULT_ACCOUNT_SETTINGS, backup: { provider: 'gemini', baseUrl: 'file:///x', model: 'm' } }).error?.issues[0]?.path).toEqual(['backup', 'baseUrl'])
  })

  it('warns loudly about plain http off this machine, not about https or loopback', () => {
    expect(plainHttpWarning('http://192.168.1.5:8000/v1')).toMatch(/192\.168\.1\.5:8000 uses plain http/)
    expect(plainHttpWarning('http://api.example.com/v1')).toMatch(/unencrypted/)
    expect(plainHttpWarning('http://localhost:11434/v1')).toBeNull()
    expect(plainHttpWarning('http://127.0.0.2:11434/v1')).toBeNull()
    expect(plainHttpWarning('http://[::1]:11434/v1')).toBeNull()
    expect(plainHttpWarning('https://api.deepseek.com/v1')).toBeNull()
  })
})

describe('browserPath', () => {
  it('must be the absolute path of a Chrome, Chromium or Edge executable', () => {
    for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/opt/microsoft/msedge/msedge', '/usr/bin/microsoft-edge',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:/Program Files (x86)/Microsoft/Edge/Application/msedge.exe']) {
      expect(isBrowserExecutablePath(p), p).toBe(true)
      expect(GlobalSettings.safeParse({ ...DEFAULT_GLOBAL_SETTINGS, browserPath: p }).success, p).toBe(true)
    }
    for (const p of ['/bin/sh', '/usr/bin/python3', 'chromium', './chromium', '/tmp/chromium.sh', '/tmp/evil/chrome-helper', 'C:\\Windows\\System32\\cmd.exe', '\\\\server\\share\\chrome.exe', '/usr/bin/chromium\0.sh']) {
      expect(isBrowserExecutablePath(p), p).toBe(false)
      const r = GlobalSettings.safeParse({ ...DEFAULT_GLOBAL_SETTINGS, browserPath: p })
      expect(r.error?.issues[0]?.path, p).toEqual(['browserPath'])
    }
    expect(GlobalSettings.safeParse({ ...DEFAULT_GLOBAL_SETTINGS, browserPath: null }).success).toBe(true)
  })
})

describe('settings.update refuses unknown keys', () => {
  it('in the global part, naming the key', () => {
    const r = api['settings.update'].in.safeParse({ global: { theme: 'dark', themeColour: 'red' } })
    expect(r.success).toBe(false)
    expect(JSON.stringify(r.error?.issues)).toContain('themeColour')
    expect(api['settings.update'].in.safeParse({ global: { theme: 'dark' } }).success).toBe(true)
  })
})

describe('external links', () => {
  it('opens the platform\'s https hosts, asks for anything else, refuses other schemes', () => {
    for (const u of ['https://www.goofish.com/item?id=1', 'https://h5.m.goofish.com/x', 'https://2.taobao.com/', 'https://item.taobao.com/item.htm?id=1', 'https://www.alipay.com/', 'https://img.alicdn.com/a.jpg', 'https://GOOFISH.COM./']) {
      expect(externalLinkDecision(u), u).toBe('open')
    }
    for (const u of ['http://www.goofish.com/', 'https://goofish.com.evil.example/', 'https://evilgoofish.com/', 'https://example.com/', 'https://www.goofish.com:8443/', 'https://xn--goofsh-9ya.com/']) {
      expect(externalLinkDecision(u), u).toBe('ask')
    }
    for (const u of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://h/s', 'vscode://x', 'https://a:b@www.goofish.com/', 'mailto:x@y.z', '']) {
      expect(externalLinkDecision(u), u).toBe('refuse')
    }
  })
})
