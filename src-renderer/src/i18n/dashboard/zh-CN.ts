/** The dashboard (Chinese). */
export const dashboardZhCN = {
  title: '仪表盘',
  subtitle: '消息、自动回复、AI 用量和议价的统计，数据来自本机数据库。',
  range: { label: '时间范围', today: '今天', '7d': '近 7 天' },
  account: { label: '账号', all: '全部账号' },
  refresh: '刷新',
  loadFailed: '无法加载统计数据',
  cards: {
    messages: '消息',
    received: '收',
    sent: '发',
    auto: '自动回复占比',
    autoHint: '买家消息中由关键词、AI 或默认回复自动答复的比例',
    aiCalls: 'AI 调用',
    tokens: 'Token',
    tokensDetail: '输入 {{tin}} · 输出 {{tout}}',
    cost: '估算费用',
    costHint: '按模型公开价格估算，仅供参考',
    latency: '响应延迟',
    p50: 'p50',
    p95: 'p95',
    failure: 'AI 失败率',
    failureDetail: '{{failures}} / {{calls}} 次失败',
    alert: { ok: '正常', warn: '偏高（> 5%）', error: '过高（> 10%）' }
  },
  charts: {
    daily: '每日消息',
    dailyToday: '今日消息',
    in: '收到',
    out: '发出',
    sources: '回复来源',
    models: '按模型的费用',
    calls: '调用',
    cost: '费用',
    noAi: '还没有 AI 调用。配置 AI 后，每个模型的调用次数和估算费用会显示在这里。',
    noReplies: '还没有发出的回复。自动回复和手动回复会按来源统计在这里。',
    noMessages: '这段时间还没有消息。'
  },
  orders: {
    title: '每日订单与发货',
    titleToday: '今日订单与发货',
    orders: '订单',
    delivered: '已发货',
    revenue: '收入',
    empty: '这段时间还没有订单。买家拍下后，每天的订单、自动发货和收入会显示在这里。',
    failed: '无法读取订单统计'
  },
  sources: {
    keyword: '关键词规则',
    ai: 'AI',
    fallback: '默认回复',
    refusal: '拒绝议价',
    draft: '草稿确认',
    manual: '手动回复',
    other_device: '其他设备',
    delivery: '自动发货'
  },
  bargaining: {
    title: '议价',
    rounds: '议价轮次分布',
    roundsAxis: '轮次',
    chats: '会话数',
    roundLabel: '{{rounds}} 轮',
    refusals: '拒绝次数',
    refusalsHint: '超过轮数上限或低于底价时的回绝',
    concession: '平均让价',
    concessionHint: '机器人报出的价格相对标价的平均降幅',
    chatsTotal: '议价会话',
    empty: '还没有议价。买家砍价后，这里会显示每个会话用了几轮、拒绝了几次和平均让价。'
  },
  empty: {
    title: '这段时间还没有数据',
    body: '账号收到买家消息后，这里会展示收发消息数、自动回复占比、AI 调用与费用、响应延迟和议价结果。可以先添加演示账号体验。',
    action: '去账号页'
  },
  byAccount: '按账号',
  accountShare: '{{calls}} 次 · {{cost}}'
} as const
