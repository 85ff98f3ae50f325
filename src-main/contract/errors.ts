import { z } from 'zod'

/** Error codes that cross the process boundary. Keep them few and actionable. */
export const ErrorCode = z.enum([
  'BAD_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'FORBIDDEN',
  'NEEDS_LOGIN',
  'NEEDS_VERIFICATION',
  'RATE_LIMITED',
  'SECRETS_UNAVAILABLE',
  'INTERNAL'
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const ErrorInfo = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional()
})
export type ErrorInfo = z.infer<typeof ErrorInfo>

/** Every call result crosses IPC / HTTP as this envelope; nothing is thrown across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details }
})
