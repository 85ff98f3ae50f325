/**
 * The seeds' own intent detector (seed 000 "意图检测机制"), reimplemented as the baseline to beat:
 * lower-case the message, price keywords first, then tech keywords, else default.
 */
import type { Intent } from '../../../src-main/core/reply/intent'

const PRICE_KEYWORDS = [
  '便宜', '优惠', '刀', '降价', '包邮', '价格', '多少钱', '能少', '还能', '最低', '底价',
  '实诚价', '到100', '能到', '包个邮', '给个价', '什么价'
]

const TECH_KEYWORDS = ['怎么用', '参数', '坏了', '故障', '设置', '说明书', '功能', '用法', '教程', '驱动']

export function baselineIntent(message: string): Intent {
  const text = message.toLowerCase()
  if (PRICE_KEYWORDS.some((k) => text.includes(k))) return 'price'
  if (TECH_KEYWORDS.some((k) => text.includes(k))) return 'tech'
  return 'default'
}
