/**
 * Messages for "no keychain": one sentence of what failed and one of what to do, in Chinese and
 * English, kept in the "中文 / English" shape the UI splits by language (so the fix is never the
 * half that gets dropped).
 */
export interface Bilingual {
  readonly zh: string
  readonly en: string
}

/** Splits a "中文 / English" text at its first " / "; a text without one is both halves. */
export function splitBilingual(text: string): Bilingual {
  const at = text.indexOf(' / ')
  if (at <= 0) return { zh: text.trim(), en: text.trim() }
  return { zh: text.slice(0, at).trim(), en: text.slice(at + 3).trim() }
}

export const joinBilingual = (b: Bilingual): string => `${b.zh} / ${b.en}`

/** Why the keychain is unavailable and how to fix it, for a headless host. */
export function headlessKeychainReason(probeReason: string): string {
  return joinBilingual({
    zh: `系统钥匙串不可用（${probeReason}）。解决办法：在已登录的桌面会话中运行；或在服务器上安装并解锁 gnome-keyring；或设置环境变量 XIANYU_DESK_PASSPHRASE=你的口令 后重启（改用口令加密，安全性较低）。`,
    en: `The OS keychain is unavailable (${probeReason}). To fix: run inside a logged-in desktop session; or install and unlock gnome-keyring on the server; or restart with XIANYU_DESK_PASSPHRASE=<your passphrase> set (passphrase encryption, weaker).`
  })
}

/** Why the keychain is unavailable and how to fix it, for the desktop app. */
export function desktopKeychainReason(probeReason: string): string {
  return joinBilingual({
    zh: `系统钥匙串不可用（${probeReason}）。解决办法：解锁系统钥匙串（Linux 需要 gnome-keyring 或 KWallet），然后重启客服台。`,
    en: `The OS keychain is unavailable (${probeReason}). To fix: unlock the system keychain (on Linux, gnome-keyring or KWallet), then restart Xianyu Desk.`
  })
}

/** The error a secret write gets without a keychain: what failed, then the reason and fix, per language. */
export function secretsUnavailableMessage(head: Bilingual, reason: string): string {
  if (!reason.trim()) return joinBilingual(head)
  const r = splitBilingual(reason)
  return joinBilingual({ zh: `${head.zh}。${r.zh}`, en: `${head.en}. ${r.en}` })
}
