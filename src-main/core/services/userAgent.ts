/**
 * One consistent desktop-Chrome User-Agent per account, fixed when the account is added, so the
 * platform never sees the same session from shifting browsers.
 */
const CHROME_MAJORS = [138, 139, 140, 141, 142]

export function defaultUserAgent(random: () => number = Math.random): string {
  const major = CHROME_MAJORS[Math.floor(random() * CHROME_MAJORS.length)] ?? 140
  return `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`
}
