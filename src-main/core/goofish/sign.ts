import { createHash } from 'node:crypto'

/** The mtop app key (not the IM app key). goofish-protocol.md §2.1. */
export const MTOP_APP_KEY = '34839810'

/** Signing token = the part of `_m_h5_tk` before the first `_` ("" when absent). §2.2 */
export function signingToken(mH5Tk: string | undefined): string {
  if (!mH5Tk) return ''
  const i = mH5Tk.indexOf('_')
  return i < 0 ? mH5Tk : mH5Tk.slice(0, i)
}

/** sign = md5hex(token & t & appKey & data), over the exact `data` string that is sent. §2.2 */
export function mtopSign(token: string, t: string, appKey: string, data: string): string {
  return createHash('md5').update(`${token}&${t}&${appKey}&${data}`, 'utf8').digest('hex')
}
