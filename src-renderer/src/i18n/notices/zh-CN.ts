/** In-app notices (Chinese). */
export const noticesZhCN = {
  region: '通知',
  dismiss: '关闭通知',
  open: '点击查看',
  kinds: {
    needs_login: '需要登录',
    needs_verification: '需要验证',
    order_paid: '买家已付款',
    takeover_message: '接管中的会话有新消息',
    ai_failing: 'AI 回复异常',
    db_damaged: '数据库损坏',
    reply_held: 'AI 回复被拦下',
    delivery_review: '发货待审核',
    pool_low: '卡密库存不足',
    account_offline: '账号离线',
    budget_reached: 'AI 预算用完',
    daily_summary: '每日汇总',
    digest: '通知摘要'
  }
} as const
