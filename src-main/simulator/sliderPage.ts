/**
 * The `…/_____tmd_____/punish?x5secdata=…&x5step=1` captcha page (goofish-protocol.md §2.5): a
 * draggable "nc" slider whose pointer trail is POSTed to `…/punish/verify` and checked server-side
 * (`slider.ts`). A pass sets `x5sec` (the value the risk-control gate expects) and `x5step`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { SimContext } from './context'
import { cookieLine, readBody, sendHtml, sendJson, type Route } from './httpUtil'
import { SLIDER_SLOT_PX, verifyTrail, type SliderVerdict } from './slider'

const TRACK_PX = 300
const HANDLE_PX = TRACK_PX - SLIDER_SLOT_PX

/** A same-origin return target from `redirect` / `x5referer` / `returnUrl`, or ''. */
function returnTarget(ctx: SimContext, q: URLSearchParams): string {
  const v = q.get('redirect') ?? q.get('x5referer') ?? q.get('returnUrl') ?? ''
  if (/^\/(?!\/)/.test(v)) return v
  return ctx.baseUrl !== '' && v.startsWith(`${ctx.baseUrl}/`) ? v : ''
}

const CSS = `#nc_1_wrapper{width:${TRACK_PX}px;margin:24px 0}` +
  `#nc_1__scale_text{position:relative;width:${TRACK_PX}px;height:34px;background:#e8e8e8;border-radius:2px;user-select:none;` +
  'line-height:34px;text-align:center;font-size:13px;color:#666;overflow:hidden}' +
  '#nc_1__bg{position:absolute;left:0;top:0;height:34px;width:0;background:#7ac23c}' +
  `#nc_1_n1z{position:absolute;left:0;top:0;width:${HANDLE_PX - 2}px;height:32px;border:1px solid #ccc;background:#fff;cursor:move;` +
  'line-height:32px;text-align:center;color:#888}.nc-text{position:relative}' +
  '#nc_1_refresh1{display:none;color:#c00;cursor:pointer;margin-top:8px}#nc-success{display:none;color:#3a3;margin-top:8px}'

/** Inline page script: drag, record the trail, POST it, show the verdict. */
function script(verifyPath: string, target: string): string {
  const cfg = JSON.stringify({ verifyPath, target, slot: SLIDER_SLOT_PX }).replace(/</g, '\\u003c')
  return `(function(){var C=${cfg};
var h=document.getElementById('nc_1_n1z'),bg=document.getElementById('nc_1__bg'),txt=document.getElementById('nc_1__text');
var err=document.getElementById('nc_1_refresh1'),okEl=document.getElementById('nc-success');
var drag=false,done=false,sx=0,trail=[];window.__nc={attempts:0,result:null};
function now(){return Math.round(performance.now()*10)/10}
function pos(x){var d=Math.max(0,Math.min(C.slot,x-sx));h.style.left=d+'px';bg.style.width=(d+${HANDLE_PX / 2})+'px'}
function reset(){if(done)return;err.style.display='none';h.style.left='0px';bg.style.width='0px';txt.textContent='请按住滑块，拖动到最右边';trail=[]}
function start(x,y){if(done||err.style.display==='block')return;drag=true;sx=x;trail=[{type:'down',x:x,y:y,t:now()}]}
function move(x,y){if(!drag)return;trail.push({type:'move',x:x,y:y,t:now()});pos(x)}
function end(x,y){if(!drag)return;drag=false;trail.push({type:'up',x:x,y:y,t:now()});send()}
function send(){window.__nc.attempts++;txt.textContent='验证中...';
fetch(location.origin+C.verifyPath,{method:'POST',headers:{'content-type':'application/json'},credentials:'same-origin',
body:JSON.stringify({trail:trail,slot:C.slot,ua:navigator.userAgent})}).then(function(r){return r.json()}).then(function(v){
window.__nc.result=v;if(v.ok){done=true;pos(sx+C.slot);txt.textContent='验证通过';okEl.style.display='block';
if(C.target)setTimeout(function(){location.href=C.target},300)}else{txt.textContent='';err.style.display='block'}})
.catch(function(){txt.textContent='';err.style.display='block'})}
h.addEventListener('mousedown',function(e){e.preventDefault();start(e.clientX,e.clientY)});
document.addEventListener('mousemove',function(e){move(e.clientX,e.clientY)});
document.addEventListener('mouseup',function(e){end(e.clientX,e.clientY)});
h.addEventListener('touchstart',function(e){var p=e.touches[0];if(p){e.preventDefault();start(p.clientX,p.clientY)}},{passive:false});
document.addEventListener('touchmove',function(e){var p=e.touches[0];if(p)move(p.clientX,p.clientY)});
document.addEventListener('touchend',function(e){var p=e.changedTouches[0];if(p)end(p.clientX,p.clientY)});
err.addEventListener('click',reset);document.getElementById('nc_1__scale_text').addEventListener('click',function(){if(err.style.display==='block')reset()});
})();`
}

function punishPage(ctx: SimContext, _req: IncomingMessage, res: ServerResponse, url: URL): void {
  const verifyPath = `${url.pathname.replace(/\/punish$/, '/punish/verify')}?${url.searchParams.toString()}`
  const body = `<style>${CSS}</style><h3>哎哟喂,被挤爆啦,请拖动下方滑块完成验证</h3>` +
    '<div id="nc_1_wrapper"><div id="nc_1__scale_text"><div id="nc_1__bg"></div>' +
    '<span class="nc-text" id="nc_1__text">请按住滑块，拖动到最右边</span><span id="nc_1_n1z">&gt;&gt;</span></div>' +
    '<div id="nc_1_refresh1">验证失败，点击框体重试</div><div id="nc-success">验证通过</div></div>'
  const html = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>验证码拦截</title></head>' +
    `<body style="font-family:system-ui,sans-serif;margin:40px">${body}<script>${script(verifyPath, returnTarget(ctx, url.searchParams))}</script></body></html>`
  sendHtml(res, 200, html)
}

async function readTrail(req: IncomingMessage): Promise<unknown> {
  const raw = (await readBody(req, 1024 * 1024)).toString('utf8')
  try {
    const v: unknown = JSON.parse(raw)
    return typeof v === 'object' && v !== null ? (v as { trail?: unknown }).trail : undefined
  } catch {
    return undefined
  }
}

function record(ctx: SimContext, req: IncomingMessage, url: URL, v: SliderVerdict, reasons: string[]): void {
  const ok = reasons.length === 0
  ctx.counters.sliderAttempts++
  if (ok) ctx.counters.sliderPasses++
  ctx.login.recordSlider({
    at: ctx.now(), verdict: ok ? 'pass' : 'fail', reasons, points: v.points, durationMs: v.durationMs, distancePx: v.distancePx,
    slotPx: SLIDER_SLOT_PX, secData: url.searchParams.get('x5secdata') ?? '', userAgent: req.headers['user-agent'] ?? ''
  })
}

/** Verify a drag; a pass sets `x5sec` (the gate's value while risk control is on) and `x5step`. */
async function punishVerify(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const v = verifyTrail(await readTrail(req))
  const reasons = ctx.login.sliderUnsolvable ? ['unsolvable', ...v.reasons] : v.reasons
  record(ctx, req, url, v, reasons)
  if (reasons.length > 0) return sendJson(res, 200, { ok: false, reasons, message: '验证失败，点击框体重试' })
  ctx.auth.sliderSolved(req.headers['user-agent'] ?? '')
  const x5sec = ctx.auth.risk?.x5sec ?? randomBytes(20).toString('hex')
  const d = ctx.cookieDomain
  const set = [cookieLine('x5sec', x5sec, d, 3600), cookieLine('x5step', '2', d, 3600)]
  sendJson(res, 200, { ok: true, reasons: [], message: '验证通过', redirect: returnTarget(ctx, url.searchParams) || null }, set)
}

export const SLIDER_ROUTES: ReadonlyArray<Route> = [
  { method: 'GET', path: /\/_____tmd_____\/punish$/, handle: punishPage },
  { method: 'POST', path: /\/_____tmd_____\/punish\/verify$/, handle: punishVerify }
]
