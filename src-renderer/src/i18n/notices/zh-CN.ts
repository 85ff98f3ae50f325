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
    db_damaged: '数据库损坏'
  }
} as const
