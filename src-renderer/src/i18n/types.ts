import type { zhCN } from './zh-CN'

type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }

/** Every language has exactly the Chinese keys, with its own strings. */
export type Messages = Widen<typeof zhCN>
