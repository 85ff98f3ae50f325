/** A stable hue per name, so the same account always gets the same avatar colour. */
export function hueOf(seed: string): number {
  // FNV-1a, then a golden-angle step so similar seeds (consecutive ids) land far apart on the wheel
  let h = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0
  return Math.round((h % 1000) * 137.508) % 360
}

/** The first visible character (a CJK character or a capital letter) for an initial avatar. */
export function initialOf(name: string): string {
  const ch = Array.from(name.trim())[0] ?? '?'
  return ch.toUpperCase()
}
