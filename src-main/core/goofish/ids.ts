/**
 * Identifiers of the IM protocol. goofish-protocol.md §1.3, §1.4; id-format-vectors.json.
 * `random` returns a float in [0, 1) (Math.random-compatible) so tests can seed it.
 */

export type RandomFn = () => number

const HEX = '0123456789ABCDEF'

function hexChar(random: RandomFn): string {
  return HEX[Math.floor(random() * 16) & 15] ?? '0'
}

/**
 * Device id: an uppercase UUIDv4-shaped string, `-`, the user id. Generate it ONCE per account
 * and persist it: the same value must be used in the login-token call and in `/reg` (§1.3).
 */
export function generateDeviceId(unb: string, random: RandomFn = Math.random): string {
  let out = ''
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) out += '-'
    else if (i === 14) out += '4'
    else if (i === 19) out += '89AB'[Math.floor(random() * 4) & 3] ?? '8'
    else out += hexChar(random)
  }
  return `${out}-${unb}`
}

export const DEVICE_ID_RE = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}-\d+$/

/** True when `did` has the documented shape and ends with this user id. */
export function isDeviceIdFor(did: string, unb: string): boolean {
  return DEVICE_ID_RE.test(did) && did.endsWith(`-${unb}`)
}

/** Frame `mid`: floor(1000·random) (no padding) + 13-digit epoch ms + " 0". */
export function generateMid(nowMs: number, random: RandomFn = Math.random): string {
  return `${Math.floor(random() * 1000)}${Math.floor(nowMs)} 0`
}

export const MID_RE = /^\d{1,3}\d{13} 0$/

/** Client message id of a send: `-` + epoch ms + `1`. The server does not require uniqueness. */
export function generateUuid(nowMs: number): string {
  return `-${Math.floor(nowMs)}1`
}

export const UUID_RE = /^-\d{13}1$/
