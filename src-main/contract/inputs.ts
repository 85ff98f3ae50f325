/**
 * Pure checks of values a seller (or a buyer's text) can put into the app, shared by the schemas,
 * core and the renderer's live form hints. No I/O here: core adds the `--version` probe.
 */

/** True for a well-formed http: or https: URL (not javascript:, file:, data: or a custom scheme). */
export function isHttpUrl(raw: string): boolean {
  try {
    const u = new URL(raw)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== ''
  } catch {
    return false
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Plain http to anything but this machine sends the API key and every prompt (buyer messages,
 * prices) readable to the network: allowed (a LAN model server is a real setup) but said loudly.
 */
export function plainHttpWarning(raw: string): string | null {
  try {
    const u = new URL(raw)
    if (u.protocol !== 'http:' || LOOPBACK_HOSTS.has(u.hostname) || /^127\./.test(u.hostname)) return null
    return `${u.host} 使用未加密的 http：API Key、买家消息和价格会以明文经过网络 / ${u.host} uses plain http: the API key, buyer messages and prices cross the network unencrypted`
  } catch {
    return null
  }
}

/**
 * The executables a Chromium-family browser ships as (Chrome, Chromium, Edge on Linux, macOS and
 * Windows). Playwright launches whatever path it is given, so anything else is refused.
 */
const BROWSER_NAME = /^(google[- ]chrome([- ](stable|beta|dev|unstable|canary|for testing))?|chrome|chromium([- ]browser)?|msedge|microsoft[- ]edge([- ](stable|beta|dev|canary))?)(\.exe)?$/i

/** An absolute path (POSIX, or a Windows drive path) whose file name is a known browser executable. */
export function isBrowserExecutablePath(path: string): boolean {
  const absolute = path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)
  if (!absolute || path.includes('\0')) return false
  const name = path.split(/[\\/]/).pop() ?? ''
  return BROWSER_NAME.test(name)
}

/** Hosts whose https links open without asking: the platform and its payment / image / account sites. */
const TRUSTED_LINK_DOMAINS = ['goofish.com', 'xianyu.com', 'taobao.com', 'tmall.com', 'alibaba.com', 'alipay.com', 'alicdn.com', 'aliyun.com'] as const

export type ExternalLinkDecision = 'open' | 'ask' | 'refuse'

/**
 * What to do with a link the UI wants to open in the system browser: https on the platform's own
 * hosts opens; any other http(s) link (a buyer can write anything) is shown to the seller first;
 * other schemes (file:, javascript:, smb:, custom protocol handlers) and links with credentials are refused.
 */
export function externalLinkDecision(raw: string): ExternalLinkDecision {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    return 'refuse'
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'refuse'
  if (u.username || u.password || !u.hostname) return 'refuse'
  const host = u.hostname.toLowerCase().replace(/\.$/, '')
  const trusted = TRUSTED_LINK_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`))
  return u.protocol === 'https:' && trusted && (u.port === '' || u.port === '443') ? 'open' : 'ask'
}
