/**
 * The HTTP APIs the IM core needs (goofish-protocol.md §3.1, §3.2, §3.3, §3.5), on top of
 * MtopClient. Endpoints come from the account's `Endpoints` so the same code talks to Xianyu or
 * to the simulator.
 */
import { at, num, obj, str } from './extract'
import { GoofishError } from './errors'
import type { MtopClient } from './mtop'
import { IM_APP_KEY, type JsonObject, type JsonValue } from './types'

export const API_LOGIN_TOKEN = 'mtop.taobao.idlemessage.pc.login.token'
export const API_ITEM_DETAIL = 'mtop.taobao.idle.pc.detail'

export interface ImToken {
  readonly accessToken: string
  /** Lifetime in ms as reported (`"86400000"`), null when absent. */
  readonly expiresInMs: number | null
  readonly refreshToken: string | null
  readonly deviceId: string
  readonly obtainedAt: number
}

/** IM access token for `/reg`. `deviceId` must be the same `did` sent in `/reg` (§1.3). */
export async function fetchImToken(mtop: MtopClient, deviceId: string, nowMs: number): Promise<ImToken> {
  // exact key order of the references: appKey, then deviceId
  const data = JSON.stringify({ appKey: IM_APP_KEY, deviceId })
  const res = await mtop.call(API_LOGIN_TOKEN, data, { extraQuery: { spm_cnt: 'a21ybx.im.0.0' } })
  const accessToken = str(at(res.data, 'accessToken'))
  if (!accessToken) throw new GoofishError('bad_response', 'login.token: no accessToken in data', { api: API_LOGIN_TOKEN, ret: res.ret })
  return {
    accessToken,
    expiresInMs: num(at(res.data, 'accessTokenExpiredTime')) ?? null,
    refreshToken: str(at(res.data, 'refreshToken')) ?? null,
    deviceId,
    obtainedAt: nowMs
  }
}

export interface ItemSku {
  readonly props: ReadonlyArray<string>
  /** In fen, as the API gives it. */
  readonly priceFen: number | null
  readonly quantity: number | null
}

export interface ItemDetail {
  readonly itemId: string
  readonly title: string
  readonly desc: string
  /** Yuan, as a string ("12.50"). */
  readonly soldPrice: string | null
  readonly minPrice: string | null
  readonly maxPrice: string | null
  readonly quantity: number | null
  readonly images: ReadonlyArray<string>
  readonly skus: ReadonlyArray<ItemSku>
  readonly sellerId: string | null
  readonly sellerNick: string | null
  readonly raw: JsonValue
}

function skus(list: JsonValue | undefined): ItemSku[] {
  if (!Array.isArray(list)) return []
  return list.map((s) => {
    const props = at(s, 'propertyList')
    return {
      props: Array.isArray(props) ? props.map((p) => str(at(p, 'valueText')) ?? '').filter((x) => x !== '') : [],
      priceFen: num(at(s, 'price')) ?? null,
      quantity: num(at(s, 'quantity')) ?? null
    }
  })
}

export function parseItemDetail(itemId: string, data: JsonValue): ItemDetail {
  const item: JsonObject = obj(at(data, 'itemDO')) ?? {}
  const pics = at(item, 'imageInfos')
  return {
    itemId: str(item['itemId']) ?? itemId,
    title: str(item['title']) ?? '',
    desc: str(item['desc']) ?? '',
    soldPrice: str(item['soldPrice']) ?? null,
    minPrice: str(item['minPrice']) ?? null,
    maxPrice: str(item['maxPrice']) ?? null,
    quantity: num(item['quantity']) ?? null,
    images: Array.isArray(pics) ? pics.map((p) => str(at(p, 'url'))).filter((u): u is string => !!u) : [],
    skus: skus(item['skuList']),
    sellerId: str(at(data, 'sellerDO', 'sellerId')) ?? null,
    sellerNick: str(at(data, 'sellerDO', 'nick')) ?? null,
    raw: data
  }
}

export async function fetchItemDetail(mtop: MtopClient, itemId: string): Promise<ItemDetail> {
  const res = await mtop.call(API_ITEM_DETAIL, JSON.stringify({ itemId }))
  return parseItemDetail(itemId, res.data)
}

/** `hasLogin.do` (§3.3): renews the session cookies. True when the platform says logged in. */
export async function hasLogin(mtop: MtopClient, passportBase: string): Promise<boolean> {
  const jar = mtop.jar
  const form = new URLSearchParams({
    hid: jar.get('unb') ?? '', ltl: 'true', appName: 'xianyu', appEntrance: 'web',
    _csrf_token: jar.get('XSRF-TOKEN') ?? jar.get('_tb_token_') ?? '', umidToken: '', hsiz: jar.get('cookie2') ?? '',
    bizParams: 'taobaoBizLoginFrom=web', mainPage: 'false', isMobile: 'false', lang: 'zh_CN', returnUrl: '', fromSite: '77',
    isIframe: 'true', documentReferer: 'https://www.goofish.com/', defaultView: 'hasLogin', umidTag: 'SERVER', deviceId: jar.get('cna') ?? ''
  })
  const url = `${passportBase.replace(/\/+$/, '')}/newlogin/hasLogin.do?appName=xianyu&fromSite=77`
  const res = await mtop.request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() })
  try {
    const body = JSON.parse(await res.text()) as JsonValue
    return at(body, 'content', 'success') === true && at(body, 'hasError') !== true
  } catch {
    return false
  }
}

export interface UploadedImage {
  readonly url: string
  readonly width: number | null
  readonly height: number | null
}

function uploadEndpoint(uploadUrl: string): string {
  return uploadUrl.includes('?') ? uploadUrl : `${uploadUrl}?floderId=0&appkey=xy_chat&_input_charset=utf-8`
}

/** Image upload (§3.5). An HTML answer means the cookie session is dead. */
export async function uploadImage(mtop: MtopClient, uploadUrl: string, file: { bytes: Uint8Array; filename: string; mime: string }): Promise<UploadedImage> {
  const form = new FormData()
  form.append('file', new Blob([file.bytes], { type: file.mime }), file.filename)
  const res = await mtop.request(uploadEndpoint(uploadUrl), { method: 'POST', body: form })
  const text = await res.text()
  if (/^\s*</.test(text)) throw new GoofishError('needs_login', 'upload: got an HTML page (cookie invalid)')
  let body: JsonValue
  try {
    body = JSON.parse(text) as JsonValue
  } catch {
    throw new GoofishError('bad_response', `upload: not JSON (${text.slice(0, 80)})`)
  }
  const url = str(at(body, 'object', 'url')) ?? str(at(body, 'data', 'url')) ?? str(at(body, 'url'))
  if (!url) throw new GoofishError('bad_response', 'upload: no url in response')
  const pix = /^(\d+)x(\d+)$/.exec(str(at(body, 'object', 'pix')) ?? '')
  return { url, width: pix ? Number(pix[1]) : null, height: pix ? Number(pix[2]) : null }
}
