/**
 * OpenAI-compatible chat completions through the official `openai` SDK: OpenAI itself and the
 * compatible modes of DashScope/Qwen, DeepSeek, Moonshot, Zhipu, Doubao/Ark and Ollama.
 * The SDK's own retries are off (`maxRetries: 0`): the client retries, so attempts are counted once.
 */
import OpenAI from 'openai'
import type { ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import { LlmError, type LlmProvider, type LlmRequest, type ProviderChunk, type ProviderConfig, type ProviderOutput } from '../types'
import { badResponse, classifyThrown, httpError, isLocalHost, normalizeFinish, parseRetryAfter } from './errors'

const NAME = 'openai-compatible'

/** OpenAI's reasoning models reject `max_tokens` and non-default temperatures. */
function isOpenAiReasoning(baseUrl: string, model: string): boolean {
  return /api\.openai\.com/.test(baseUrl) && /^(o\d|gpt-5)/.test(model)
}

export function toOpenAiMessages(req: LlmRequest): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = []
  if (req.system.trim()) out.push({ role: 'system', content: req.system })
  for (const m of req.messages) out.push({ role: m.role, content: m.content })
  return out
}

function buildParams(cfg: ProviderConfig, req: LlmRequest): ChatCompletionCreateParamsBase {
  const reasoning = isOpenAiReasoning(cfg.baseUrl, cfg.model)
  const params: ChatCompletionCreateParamsBase = { model: cfg.model, messages: toOpenAiMessages(req) }
  if (req.maxTokens !== undefined) {
    if (reasoning) params.max_completion_tokens = req.maxTokens
    else params.max_tokens = req.maxTokens
  }
  if (req.temperature !== undefined && !reasoning) params.temperature = req.temperature
  return params
}

function mapError(err: unknown, signal: AbortSignal): LlmError {
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    const headers = err.headers
    const retryAfter = headers ? parseRetryAfter((n) => headers.get(n)) : undefined
    const body = err.error === undefined ? err.message : JSON.stringify(err.error)
    return httpError(NAME, err.status, body, retryAfter)
  }
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new LlmError('timeout', `${NAME}: timed out`, { cause: err })
  if (err instanceof OpenAI.APIConnectionError && !signal.aborted) {
    return new LlmError('network', `${NAME}: ${err.message}`, { cause: err })
  }
  return classifyThrown(NAME, err, signal)
}

async function complete(sdk: OpenAI, cfg: ProviderConfig, req: LlmRequest, signal: AbortSignal): Promise<ProviderOutput> {
  let res: OpenAI.Chat.Completions.ChatCompletion
  try {
    res = await sdk.chat.completions.create({ ...buildParams(cfg, req), stream: false }, { signal })
  } catch (err) {
    throw mapError(err, signal)
  }
  const choice = res.choices?.[0]
  if (!choice || typeof choice !== 'object') throw badResponse(NAME, 'no choices in the response')
  const text = choice.message?.content
  if (text !== null && text !== undefined && typeof text !== 'string') throw badResponse(NAME, 'message content is not text')
  return {
    text: text ?? '',
    tokensIn: res.usage?.prompt_tokens ?? null,
    tokensOut: res.usage?.completion_tokens ?? null,
    model: res.model || cfg.model,
    finishReason: normalizeFinish(choice.finish_reason)
  }
}

async function* stream(sdk: OpenAI, cfg: ProviderConfig, req: LlmRequest, signal: AbortSignal): AsyncIterable<ProviderChunk> {
  let text = ''
  let finish: string | null = null
  let usage: OpenAI.CompletionUsage | null | undefined
  let model = cfg.model
  try {
    const s = await sdk.chat.completions.create(
      { ...buildParams(cfg, req), stream: true, stream_options: { include_usage: true } }, { signal })
    for await (const chunk of s) {
      if (chunk.usage) usage = chunk.usage
      if (chunk.model) model = chunk.model
      const c = chunk.choices?.[0]
      if (c?.finish_reason) finish = c.finish_reason
      const delta = c?.delta?.content
      if (typeof delta === 'string' && delta.length > 0) {
        text += delta
        yield { type: 'delta', text: delta }
      }
    }
  } catch (err) {
    throw mapError(err, signal)
  }
  yield {
    type: 'done',
    output: { text, tokensIn: usage?.prompt_tokens ?? null, tokensOut: usage?.completion_tokens ?? null, model, finishReason: normalizeFinish(finish) }
  }
}

export function createOpenAiCompatibleProvider(cfg: ProviderConfig): LlmProvider {
  if (!cfg.apiKey && !isLocalHost(cfg.baseUrl)) throw new LlmError('config', `${NAME}: API key missing`)
  const timeoutMs = cfg.timeoutMs ?? 30_000
  const sdk = new OpenAI({
    // local servers (Ollama) ignore the key, but the SDK insists on one
    apiKey: cfg.apiKey || 'no-key',
    baseURL: cfg.baseUrl.replace(/\/+$/, ''),
    maxRetries: 0,
    // a backstop only: the client's own deadline (same length) fires first and is classified exactly
    timeout: timeoutMs + 1000,
    // the SDK would print raw model output to the console; failures reach our logs as LlmError
    logLevel: 'off'
  })
  return {
    kind: 'openai-compatible',
    model: cfg.model,
    complete: (req, signal) => complete(sdk, cfg, req, signal),
    stream: (req, signal) => stream(sdk, cfg, req, signal)
  }
}
