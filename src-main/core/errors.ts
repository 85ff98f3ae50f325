import type { ErrorCode, ErrorInfo } from '@contract/errors'

/** The one error type services throw; the bindings turn it into `{ok:false,error}`. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.details = options?.details
  }
}

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof AppError) {
    return err.details === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, details: err.details }
  }
  return { code: 'INTERNAL', message: '内部错误，请查看日志 / Internal error, see the log' }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${String(x)}`)
}
