/** Fake DashScope application API: `POST /api/v1/apps/{appId}/completion`, JSON or SSE (`X-DashScope-SSE: enable`). */
import type { ServerResponse } from 'node:http'
import type { FakeAnswer, FakeRequest } from './behaviour'
import { chunksOf, fakeUsage, startFakeServer, startSse, writeFrames, writeJson, type BaseRequest, type FakeLlmServer, type FakeServerOptions, type ProtocolAdapter } from './server'

export const FAKE_APP_ID = '0123456789abcdef0123456789abcdef'

interface AppBody {
  input?: { prompt?: unknown; messages?: Array<{ role?: string; content?: unknown }> }
  parameters?: { incremental_output?: boolean }
}

export interface FakeDashScopeOptions extends FakeServerOptions {
  readonly appId?: string
  /** Which usage shape to answer with (the real API has shown both). Default 'models'. */
  readonly usageShape?: 'models' | 'flat' | 'none'
  /** Reported in usage.models[].model_id. */
  readonly underlyingModel?: string
}

const CODES: Record<number, string> = { 400: 'InvalidParameter', 401: 'InvalidApiKey', 403: 'AccessDenied', 404: 'ModelNotFound', 429: 'Throttling.RateQuota', 500: 'InternalError', 503: 'ServiceUnavailable' }

function adapterFor(opts: FakeDashScopeOptions): ProtocolAdapter {
  const usageOf = (req: FakeRequest, a: Extract<FakeAnswer, { kind: 'text' }>): Record<string, unknown> => {
    if (a.omitUsage || opts.usageShape === 'none') return {}
    const u = fakeUsage(req, a)
    return opts.usageShape === 'flat'
      ? { usage: { input_tokens: u.tokensIn, output_tokens: u.tokensOut } }
      : { usage: { models: [{ model_id: opts.underlyingModel ?? 'qwen-plus', input_tokens: u.tokensIn, output_tokens: u.tokensOut }] } }
  }
  return {
    protocol: 'dashscope',
    parse(base: BaseRequest) {
      const m = /^\/api\/v1\/apps\/([^/]+)\/completion$/.exec(base.path)
      if (base.method !== 'POST' || !m?.[1]) return null
      const body = (base.body ?? {}) as AppBody
      const all = Array.isArray(body.input?.messages) ? body.input.messages : []
      const system = all.filter((x) => x.role === 'system').map((x) => String(x.content ?? '')).join('\n')
      const messages = all.filter((x) => x.role === 'user' || x.role === 'assistant').map((x) => ({ role: x.role as 'user' | 'assistant', content: String(x.content ?? '') }))
      if (typeof body.input?.prompt === 'string') messages.push({ role: 'user', content: body.input.prompt })
      const lastUser = [...messages].reverse().find((x) => x.role === 'user')?.content ?? ''
      const stream = String(base.headers['x-dashscope-sse'] ?? '').toLowerCase() === 'enable'
      return { model: `app:${m[1]}`, appId: m[1], system, messages, lastUser, stream }
    },
    keyOf: (base) => /^Bearer (.*)$/i.exec(String(base.headers.authorization ?? ''))?.[1],
    writeError(res, status, message, headers) {
      writeJson(res, status, { code: CODES[status] ?? 'Error', message, request_id: 'req-fake' }, headers)
    },
    writeText: (res, req, a) => writeAppText(res, req, a, usageOf),
    writeMalformed(res, req) {
      if (req.stream) {
        startSse(res)
        res.end('id:1\nevent:result\ndata:{"output":{"text":"hi"\n\n')
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"output":{"text":')
    }
  }
}

type Text = Extract<FakeAnswer, { kind: 'text' }>

function writeAppText(res: ServerResponse, req: FakeRequest, a: Text, usageOf: (req: FakeRequest, a: Text) => Record<string, unknown>): void | Promise<void> {
  const finish = a.finishReason ?? 'stop'
  if (!req.stream) {
    writeJson(res, 200, { output: { text: a.text, finish_reason: finish, session_id: 'sess-fake' }, ...usageOf(req, a), request_id: 'req-fake' })
    return
  }
  // with incremental_output each frame carries only the new text, else the whole text so far
  const incremental = (req.body as AppBody).parameters?.incremental_output === true
  startSse(res, { 'x-dashscope-sse': 'enable' })
  let sofar = ''
  const pieces = chunksOf(a)
  const frames = pieces.map((piece, i) => {
    sofar += piece
    const last = i === pieces.length - 1
    const data = { output: { text: incremental ? piece : sofar, finish_reason: last ? finish : 'null', session_id: 'sess-fake' }, ...(last ? usageOf(req, a) : {}), request_id: 'req-fake' }
    return `id:${i + 1}\nevent:result\n:HTTP_STATUS/200\ndata:${JSON.stringify(data)}\n\n`
  })
  if (pieces.length === 0) frames.push(`id:1\nevent:result\ndata:${JSON.stringify({ output: { text: '', finish_reason: finish }, ...usageOf(req, a) })}\n\n`)
  return writeFrames(res, frames, a.chunkDelayMs)
}

/** `url` is the app's completion URL (with the app id in it), as a user would paste it. */
export function startFakeDashScope(opts: FakeDashScopeOptions = {}): Promise<FakeLlmServer> {
  const appId = opts.appId ?? FAKE_APP_ID
  return startFakeServer(adapterFor(opts), opts, (origin) => `${origin}/api/v1/apps/${appId}/completion`)
}
