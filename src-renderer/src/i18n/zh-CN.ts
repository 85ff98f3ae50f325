import { dashboardZhCN } from './dashboard/zh-CN'
import { aiZhCN } from './ai/zh-CN'
import { rulesZhCN } from './rules/zh-CN'
import { settingsPageZhCN } from './settingsPage/zh-CN'
import { loginZhCN } from './login/zh-CN'
import { noticesZhCN } from './notices/zh-CN'
import { inboxZhCN } from './inbox/zh-CN'
import { notifyZhCN } from './notify/zh-CN'
import { ordersZhCN } from './orders/zh-CN'
import { deliveryZhCN } from './delivery/zh-CN'

/** Chinese (the default). en.ts must have exactly these keys: its type is derived from this file. */
export const zhCN = {
  app: {
    name: '闲鱼客服台',
    tagline: '闲鱼卖家的桌面客服助手'
  },
  nav: {
    label: '主导航',
    inbox: '收件箱',
    accounts: '账号',
    rules: '规则',
    ai: 'AI',
    orders: '订单',
    delivery: '自动发货',
    dashboard: '仪表盘',
    notify: '通知',
    settings: '设置'
  },
  topbar: {
    language: '切换语言',
    languageShort: { 'zh-CN': '中', en: 'EN' },
    toDark: '切换到深色模式',
    toLight: '切换到浅色模式',
    onlineSummary: '{{online}}/{{total}} 个账号在线',
    attention: '{{count}} 个账号需要处理',
    noAccounts: '未添加账号',
    disconnected: '与客服台的连接已断开'
  },
  demo: {
    tag: '演示',
    ready: '演示账号已就绪。按“开始演示”，演示买家就会开始发消息：AI 回复、议价到底价、底价修正、需要你亲自回复的买家、付款订单，以及付款后自动发货的虚拟商品（演示卡密，在“自动发货”的“商品”和“卡密库”里可以看到）。回复由本机的演示模型生成，不需要 API Key。',
    playing: '演示进行中（第 {{run}} 轮）：演示买家正在“消息”里和你的店聊天。想从头再看一遍，按“重新开始演示”（新的会话、新的买家）。',
    start: '开始演示',
    restart: '重新开始演示',
    openInbox: '去看消息'
  },
  connection: {
    down: '与客服台的连接已断开（{{time}} 起），正在自动重连。重连前页面上的信息可能不是最新的。'
  },
  common: {
    cancel: '取消',
    close: '关闭',
    retry: '重试',
    dismiss: '知道了',
    loading: '加载中…',
    comingSoon: '即将推出',
    errorTitle: '出错了'
  },
  accounts: {
    title: '账号',
    subtitle: '管理你的闲鱼账号。每个启用的账号都会保持一条实时消息连接。',
    add: '添加账号',
    count_one: '共 {{count}} 个账号',
    count_other: '共 {{count}} 个账号',
    loadFailed: '无法加载账号列表',
    emptyTitle: '还没有账号',
    emptyBody: '添加一个闲鱼账号后，买家的消息会出现在收件箱里，并可由关键词规则和 AI 自动回复。',
    enabled: '启用',
    enableAria: '启用账号 {{name}}',
    remove: '删除',
    removeAria: '删除账号 {{name}}',
    lastMessage: '最近消息',
    never: '暂无消息',
    unb: '用户 ID',
    kind: { xianyu: '闲鱼', demo: '演示' },
    status: {
      online: '在线',
      connecting: '连接中',
      needs_login: '需要登录',
      needs_verification: '需要验证',
      disabled: '已停用',
      error: '出错'
    },
    verify: '去验证',
    actionFailed: '操作失败'
  },
  addAccount: {
    title: '添加账号',
    tabs: { cookie: '粘贴 Cookie', qr: '扫码登录', browser: '浏览器登录' },
    cookieLabel: 'Cookie',
    cookiePlaceholder: 'unb=2201234567; _m_h5_tk=…; cookie2=…',
    cookieHint: '在已登录闲鱼网页版（goofish.com）的浏览器中打开开发者工具，复制请求头里完整的 Cookie。需要包含 unb 和 _m_h5_tk。',
    remarkLabel: '备注',
    remarkOptional: '可选',
    remarkPlaceholder: '例如：数码店、二号机',
    secureNote: 'Cookie 会加密保存在本机，密钥由系统钥匙串保护，不会上传到任何地方。',
    submit: '添加',
    submitting: '正在添加…',
    unavailableTab: '此登录方式即将推出。'
  },
  removeAccount: {
    title: '删除账号',
    body: '将从本机移除「{{name}}」的登录信息（Cookie 和钥匙串条目），并断开它的消息连接。',
    wipeData: '同时删除该账号的聊天记录和消息',
    wipeHint: '不勾选时，聊天记录会保留，重新添加该账号后仍可查看。',
    confirm: '删除账号',
    removing: '正在删除…'
  },
  settings: {
    title: '设置',
    subtitle: '界面偏好会保存在本机，下次启动时自动应用。',
    appearance: '外观',
    language: '语言',
    languageHint: '界面显示的语言。',
    theme: '主题',
    themeHint: '选择浅色、深色，或跟随系统设置。',
    themes: { light: '浅色', dark: '深色', system: '跟随系统' },
    languages: { 'zh-CN': '简体中文', en: 'English' },
    saveFailed: '设置未能保存',
    loadFailed: '无法读取设置',
    about: '关于',
    version: '版本',
    host: '运行方式',
    hosts: { electron: '桌面应用', headless: '无界面模式（浏览器）' },
    dataDir: '数据目录',
    secrets: '密钥存储',
    secretsBackends: { keychain: '系统钥匙串', passphrase: '口令派生密钥', memory: '仅内存（测试）', unavailable: '不可用' },
    more: 'AI 设置、议价规则、通知与数据备份将在后续版本加入此页面。'
  },
  inbox: inboxZhCN,
  login: loginZhCN,
  notices: noticesZhCN,
  notify: notifyZhCN,
  orders: ordersZhCN,
  delivery: deliveryZhCN,
  dashboard: dashboardZhCN,
  ai: aiZhCN,
  rules: rulesZhCN,
  settingsPage: settingsPageZhCN,
  empty: {
    inbox: {
      title: '收件箱',
      heading: '这里会显示所有账号的买家会话',
      body: '连接账号后，买家发来的消息会实时出现在这里：可以按账号、未读和需要处理筛选，查看议价进度，随时接管会话并手动回复。',
      action: '去添加账号'
    },
    rules: {
      title: '规则',
      heading: '关键词规则会显示在这里',
      body: '为常见问题设置关键词自动回复，例如发货时间、是否包邮。规则优先于 AI 回复，可以按账号或商品生效。'
    },
    ai: {
      title: 'AI',
      heading: 'AI 回复设置会显示在这里',
      body: '选择模型服务（通义千问、OpenAI 兼容接口或 Gemini），设置议价底线、提示词和每日预算。API Key 只保存在系统钥匙串中。'
    },
    dashboard: {
      title: '仪表盘',
      heading: '数据统计会显示在这里',
      body: '有了会话之后，这里会展示今天和最近 7 天的收发消息数、自动回复占比、AI 调用与费用、响应延迟和议价结果。'
    }
  }
} as const
