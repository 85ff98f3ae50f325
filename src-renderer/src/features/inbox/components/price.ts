/** "¥1,299" / "¥12.5": yuan without trailing zeros. */
export function formatPrice(yuan: number): string {
  return `¥${yuan.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}`
}
