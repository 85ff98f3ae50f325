/**
 * Gemini REST v1beta `models/{model}:generateContent` (and `:streamGenerateContent?alt=sse`)
 * through `@google/genai`, which honours `httpOptions.baseUrl`, so the same code talks to
 * Google and to the local fake. The key travels in `x-goog-api-key` (the SDK's default).
 */
import { ApiError, GoogleGenAI, type Content, type GenerateContentConfig, type GenerateContentResponse } from '@google/genai'
import { LlmError, type LlmProvider, type LlmRequest, type ProviderChunk, type ProviderConfig, type ProviderOutput } from '../types'
import { badResponse, classifyThrown, httpError, normalizeFinish, parseRetryAfter, parseRetryDelayInBody } from './errors'

const NAME = 'gemini'
export const GEMINI_DEFAULT_BASE = 'https://generativelanguage.googleapis.com'

/** Accept the origin or a URL ending in the API version ("…/v1beta"); the SDK adds the version itself. */
export function splitGeminiBase(baseUrl: string): { baseUrl: string; apiVersion: string } {
  const trimmed = (baseUrl || GEMINI_DEFAULT_BASE).replace(/\/+$/, '')
  const m = /^(.*)\/(v1(?:beta|alpha)?\d*)$/.exec(trimmed)
  return m?.[1] && m[2] ? { baseUrl: m[1], apiVersion: m[2] } : { baseUrl: trimmed, apiVersion: 'v1beta' }
}

export function toGeminiContents(req: LlmRequest): Content[] {
  return req.messages.map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] }))
}

function buildConfig(req: LlmRequest, signal: AbortSignal, fetchFn: typeof fetch): GenerateContentConfig {
  const config: GenerateContentConfig = {
    abortSignal: signal,
    // one HTTP request per attempt: the client owns retries and usage accounting
    automaticContinuation: false,
    httpOptions: { fetch: fetchFn }
  }
  if (req.system.trim()) config.systemInstruction = { parts: [{ text: req.system }] }
  if (req.maxTokens !== undefined) config.maxOutputTokens = req.maxTokens
  if (req.temperature !== undefined) config.temperature = req.temperature
  return config
}

/** The SDK's ApiError keeps only the body; this fetch wrapper remembers Retry-After for the error mapping. */
function headerTap(): { fetch: typeof fetch; retryAfterMs: () => number | undefined } {
  let retryAfterMs: number | undefined
  const tapped: typeof fetch = async (input, init) => {
    const res = await fetch(input, init)
    if (!res.ok) retryAfterMs = parseRetryAfter((n) => res.headers.get(n))
    return res
  }
  return { fetch: tapped, retryAfterMs: () => retryAfterMs }
}

function mapError(err: unknown, signal: AbortSignal, retryAfterMs: number | undefined): LlmError {
  if (err instanceof ApiError) {
    return httpError(NAME, err.status, err.message, retryAfterMs ?? parseRetryDelayInBody(err.message))
  }
  if (!signal.aborted && err instanceof Error && /JSON|parsing stream chunk/i.test(err.message)) {
    return new LlmError('bad_response', `${NAME}: malformed response: ${err.message}`, { cause: err })
  }
  return classifyThrown(NAME, err, signal)
}

/** Text of the first candidate, without "thought" parts of thinking models. */
function candidateText(res: GenerateContentResponse): string {
  const parts = res.candidates?.[0]?.content?.parts ?? []
  return parts.filter((p) => !p.thought && typeof p.text === 'string').map((p) => p.text).join('')
}

function usageOf(res: GenerateContentResponse | undefined): { tokensIn: number | null; tokensOut: number | null } {
  const u = res?.usageMetadata
  if (!u) return { tokensIn: null, tokensOut: null }
  // thinking tokens are billed as output
  const out = (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0)
  return { tokensIn: u.promptTokenCount ?? null, tokensOut: u.candidatesTokenCount === undefined && !u.thoughtsTokenCount ? null : out }
}

export function createGeminiProvider(cfg: ProviderConfig): LlmProvider {
  if (!cfg.apiKey) throw new LlmError('config', `${NAME}: API key missing`)
  const { baseUrl, apiVersion } = splitGeminiBase(cfg.baseUrl)
  const sdk = new GoogleGenAI({ apiKey: cfg.apiKey, vertexai: false, apiVersion, httpOptions: { baseUrl } })

  async function complete(req: LlmRequest, signal: AbortSignal): Promise<ProviderOutput> {
    const tap = headerTap()
    let res: GenerateContentResponse
    try {
      res = await sdk.models.generateContent({ model: cfg.model, contents: toGeminiContents(req), config: buildConfig(req, signal, tap.fetch) })
    } catch (err) {
      throw mapError(err, signal, tap.retryAfterMs())
    }
    if (!res || typeof res !== 'object') throw badResponse(NAME, 'response is not an object')
    const blocked = res.promptFeedback?.blockReason
    return {
      text: candidateText(res),
      ...usageOf(res),
      model: res.modelVersion || cfg.model,
      finishReason: blocked ? 'content_filter' : normalizeFinish(res.candidates?.[0]?.finishReason)
    }
  }

  async function* stream(req: LlmRequest, signal: AbortSignal): AsyncIterable<ProviderChunk> {
    const tap = headerTap()
    let text = ''
    let last: GenerateContentResponse | undefined
    let finish: string | undefined
    try {
      const s = await sdk.models.generateContentStream({ model: cfg.model, contents: toGeminiContents(req), config: buildConfig(req, signal, tap.fetch) })
      for await (const chunk of s) {
        last = chunk
        finish = chunk.candidates?.[0]?.finishReason ?? finish
        const delta = candidateText(chunk)
        if (delta) {
          text += delta
          yield { type: 'delta', text: delta }
        }
      }
    } catch (err) {
      throw mapError(err, signal, tap.retryAfterMs())
    }
    yield { type: 'done', output: { text, ...usageOf(last), model: last?.modelVersion || cfg.model, finishReason: normalizeFinish(finish) } }
  }

  return { kind: 'gemini', model: cfg.model, complete, stream }
}
