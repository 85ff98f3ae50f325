/** A stable hue per name, so the same account always gets the same avatar colour. */
export function hueOf(seed: string): number {
  let h = 0
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) >>> 0
  return h % 360
}

/** The first visible character (a CJK character or a capital letter) for an initial avatar. */
export function initialOf(name: string): string {
  const ch = Array.from(name.trim())[0] ?? '?'
  return ch.toUpperCase()
}
